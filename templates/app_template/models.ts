// Models of the {{ app_name }} app go here. Tango's ORM (defineModel, fields, migrations) lands with
// the ORM; until then this module is empty on purpose.
export {}
