/**
 * Loaded with `--import` by `tango test` in the test process: installs the project's settings
 * (named by `TANGO_SETTINGS_MODULE`) and runs the apps' `ready` hooks before any test file runs.
 *
 * @module
 * @internal
 */
// Installs the translation catalogs, the i18n template tags and the date names in the test process.
import '../i18n/index.ts'
import { loadSettingsModule } from './settings-module.ts'

await loadSettingsModule()
