// Admin registrations of the {{ app_name }} app go here once Tango's admin lands; empty on purpose.
export {}
