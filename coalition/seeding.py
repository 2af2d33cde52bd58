"""The registry behind the demo (`coalition.demo`) and the scaled data (`coalition.scale`):
each app adds its seeders from a module of its own (`<app>/demo.py`, `<app>/scale.py`),
and they run in their order."""

from importlib import import_module


class Seeders:
    def __init__(self, module):
        self.module = module  # the name of each app's module that registers its seeders
        self._seeders = []

    def register(self, order=100):
        def decorator(func):
            if all(f is not func for _, f in self._seeders):
                self._seeders.append((order, func))
                self._seeders.sort(key=lambda pair: pair[0])
            return func

        return decorator

    def run(self, ctx):
        """Import each app's module (which registers its seeders), then run them all."""
        from django.apps import apps

        for config in apps.get_app_configs():
            name = f"{config.name}.{self.module}"
            try:
                import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
        for _, seeder in self._seeders:
            seeder(ctx)
        return ctx
