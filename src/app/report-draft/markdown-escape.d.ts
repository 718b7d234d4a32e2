declare module 'markdown-escape' {
  /** Escapes the characters Markdown reads as formatting. */
  export default function markdownEscape(text: string, skips?: string[]): string;
}
