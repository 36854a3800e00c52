/**
 * The slice of nunjucks' parser, node and lexer API that Tango's custom tags use (`{% url %}`,
 * `{% static %}`, i18n's `{% trans %}` / `{% blocktrans %}`). @types/nunjucks types it as `any`;
 * it is undocumented but stable since nunjucks 2.x. Each tag file declares the node classes it builds.
 *
 * @module
 */

/** A lexer token. */
export interface Token {
  readonly type: string
  readonly value: string
  readonly lineno: number
  readonly colno: number
}

/** Any parse-tree node. */
export interface ParserNode {
  readonly lineno: number
  readonly colno: number
}

/** A node with children (NodeList, Dict, KeywordArgs). */
export interface ListNode extends ParserNode {
  readonly children: ParserNode[]
  addChild(node: ParserNode): void
}

/** The parser handed to an extension's `parse`. */
export interface Parser {
  nextToken(withWhitespace?: boolean): Token | null
  peekToken(): Token | null
  parseExpression(): ParserNode
  skip(type: string): boolean
  skipValue(type: string, value: string): boolean
  advanceAfterBlockEnd(name?: string): void
  fail(message: string, lineno?: number, colno?: number): never
}

/** A node class: `new nodes.Output(lineno, colno, ...fields)`. */
export type NodeClass<N extends ParserNode = ParserNode> = new (lineno: number, colno: number, ...fields: unknown[]) => N

/** The lexer's token type names. */
export interface Lexer {
  readonly TOKEN_BLOCK_START: string
  readonly TOKEN_BLOCK_END: string
  readonly TOKEN_VARIABLE_START: string
  readonly TOKEN_VARIABLE_END: string
  readonly TOKEN_DATA: string
  readonly TOKEN_SYMBOL: string
  readonly TOKEN_OPERATOR: string
  readonly TOKEN_COMMA: string
}
