// Django's default collectstatic ignore patterns, as the tests expect them.
export const DEFAULT_IGNORE: readonly string[] = ['CVS', '.*', '*~']
