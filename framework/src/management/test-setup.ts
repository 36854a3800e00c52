/**
 * Loaded with `--import` by `tango test` in the test process: installs the project's settings
 * (named by `TANGO_SETTINGS_MODULE`) and runs the apps' `ready` hooks before any test file runs.
 *
 * @module
 * @internal
 */
import { loadSettingsModule } from './settings-module.ts'

await loadSettingsModule()
