"""Energy lens: a reference table of energy facilities and the links from energy events to them.

- :mod:`dashboard.energy.facilities`: the facilities table (GPPD power plants + a curated list), built into
  ``data/reference/`` by ``build``.
- :mod:`dashboard.energy.links`: which facility an event hit, with its evidence.
- :mod:`dashboard.energy.subclass`: generation / grid / oil and gas / heating from ``infrastructure_detail``.
"""
