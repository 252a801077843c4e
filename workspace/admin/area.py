"""The site admin's pages."""

from ..core.area import Area
from .views import bp

AREA = Area(name="admin", blueprints=(bp,))
