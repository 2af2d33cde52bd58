"""What changes in relationship management. Modules: partners (partners, contact persons,
roles, managers, contact moments, the rhythm), imports (CSV and Excel, undoable), wall
(successes). Import the module you need: `from relatiebeheer.services import partners`."""
