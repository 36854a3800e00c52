/**
 * Django's naming rules, camelCase in, SQL names out: columns, tables, verbose names.
 *
 * @module
 */

/**
 * snake_case of a camelCase name: `pubDate` → `pub_date`, `HTTPCode` → `http_code`, `item2Id` → `item2_id`.
 */
export function snakeCase(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
}

/** Words of a camelCase name, lower-cased (Django's `camel_case_to_spaces`): `pubDate` → `pub date`. */
export function camelToWords(name: string): string {
  return snakeCase(name).replace(/_/g, ' ').trim()
}

/** The first letter lower-cased: `ArticleTag` → `articleTag` (reverse accessor names). */
export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1)
}

/** Django's default table name: `<appLabel>_<model name lower-cased>` (`news_articletag`). */
export function defaultTableName(appLabel: string, modelName: string): string {
  return `${appLabel}_${modelName.toLowerCase()}`
}
