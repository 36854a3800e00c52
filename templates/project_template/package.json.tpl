{
  "name": "{{ package_name }}",
  "private": true,
  "type": "module",
  "scripts": {
    "start": "tango serve",
    "dev": "tango runserver",
    "check": "tango check",
    "test": "tango test"
  },
  "dependencies": {
    "tango": "file:{{ framework_path }}"
  },
  "devDependencies": {
    "tango-cli": "file:{{ cli_path }}",
    "tsx": "^4.23.15"
  }
}
