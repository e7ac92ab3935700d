"""The HTTP shell around the Dash app: who may write (``auth``), the data API (``api``), security headers
(``headers``) and the production server (``wsgi``, gunicorn). Nothing here imports Dash except ``wsgi``."""
