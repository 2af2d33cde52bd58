"""What changes in digital inclusion. Modules: access (who sees which clients), intake
(clients, intakes and the persona proposal), menu (the menukaart). Import the module you
need: `from digital.services import intake`."""
