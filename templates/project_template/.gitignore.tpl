node_modules/
*.sqlite3
*.sqlite3-*
staticfiles/
.env
*.log
