/**
 * `tango/management`: running a project's commands (`manage.ts`, `tango <command>`), the command
 * registry, the built-in commands, and the scaffolding behind `startproject` and `startapp`.
 *
 * @module
 */
export { executeFromCommandLine, projectRegistry, BUILTIN_COMMANDS } from './execute.ts'
export type { ExecuteOptions } from './execute.ts'
export { CommandRegistry, buildRegistry, BUILTIN_LABEL } from './registry.ts'
export type { RegisteredCommand } from './registry.ts'
export { CommandError } from './errors.ts'
export { loadSettingsModule, settingsPath } from './settings-module.ts'
export { projectDir } from './project.ts'
export { checkCommand, formatCheckMessage, formatCheckReport } from './commands/check.ts'
export type { CheckReport } from './commands/check.ts'
export { helpCommand, formatHelp } from './commands/help.ts'
export { versionCommand } from './commands/version.ts'
export { startappCommand } from './commands/startapp.ts'
export { runserverCommand, serveCommand } from './commands/server.ts'
export { testCommand, findTestFiles } from './commands/test.ts'
export { validateName, BUILTIN_APP_LABELS } from './scaffold/names.ts'
export { generateSecretKey } from './scaffold/secret-key.ts'
export { renderText, renderTemplateDir, templatesRoot } from './scaffold/template-dir.ts'
export type { TemplateContext } from './scaffold/template-dir.ts'
export { startProject, startProjectNextSteps, frameworkDir, frameworkVersion } from './scaffold/start-project.ts'
export type { StartProjectOptions, StartProjectResult } from './scaffold/start-project.ts'
export { startApp, startAppNextSteps } from './scaffold/start-app.ts'
export type { StartAppOptions, StartAppResult } from './scaffold/start-app.ts'
