// A job summary's markdown as an HTML page that looks like GitHub's job summary, for
// the README's picture (scripts/summary-picture.ts). Only the markdown dock2pod's
// summaries use: ATX headings, pipe tables, fenced code blocks, paragraphs, and inline
// `code`, **bold** and _emphasis_. Everything else is shown as text, escaped.

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** Inline markdown: `code` first (its content is literal), then **bold** and _emphasis_. */
export function renderInline(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) =>
      part.startsWith('`') && part.endsWith('`') && part.length >= 2
        ? `<code>${escape(part.slice(1, -1))}</code>`
        : escape(part)
            .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
            .replace(/(^|[\s(])_([^_]+)_(?=$|[\s).,;:])/g, '$1<em>$2</em>'),
    )
    .join('')
}

/** The cells of a table row; `\|` is a pipe inside a cell. */
function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, '').replace(/\|$/, '')
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'))
}

const isTableRow = (line: string) => /^\s*\|.*\|\s*$/.test(line)
const isDelimiterRow = (line: string) => /^\s*\|(\s*:?-+:?\s*\|)+\s*$/.test(line)

/** Markdown (the subset above) to an HTML fragment. */
export function renderMarkdown(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n')
  const out: string[] = []
  let paragraph: string[] = []
  const flush = () => {
    if (paragraph.length) out.push(`<p>${renderInline(paragraph.join(' '))}</p>`)
    paragraph = []
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const fence = /^(```+|~~~+)\s*([\w-]*)\s*$/.exec(line)
    if (fence) {
      flush()
      const body: string[] = []
      for (i++; i < lines.length && !lines[i]!.startsWith(fence[1]!); i++) body.push(lines[i]!)
      const lang = fence[2] ? ` class="language-${escape(fence[2])}"` : ''
      out.push(`<pre><code${lang}>${escape(body.join('\n'))}</code></pre>`)
      continue
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line)
    if (heading) {
      flush()
      const n = heading[1]!.length
      out.push(`<h${n}>${renderInline(heading[2]!)}</h${n}>`)
      continue
    }
    if (isTableRow(line) && i + 1 < lines.length && isDelimiterRow(lines[i + 1]!)) {
      flush()
      const head = cells(line)
      const rows: string[][] = []
      for (i += 2; i < lines.length && isTableRow(lines[i]!); i++) rows.push(cells(lines[i]!))
      i--
      const th = head.every((c) => c === '')
        ? ''
        : `<thead><tr>${head.map((c) => `<th>${renderInline(c)}</th>`).join('')}</tr></thead>`
      const tb = rows
        .map((r) => `<tr>${r.map((c) => `<td>${renderInline(c)}</td>`).join('')}</tr>`)
        .join('')
      out.push(`<table>${th}<tbody>${tb}</tbody></table>`)
      continue
    }
    if (line.trim() === '') {
      flush()
      continue
    }
    paragraph.push(line.trim())
  }
  flush()
  return out.join('\n')
}

/** GitHub's job-summary look (Primer colours and type), around the rendered summary. */
export function summaryPage(markdown: string, opts: { title: string; job: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(opts.title)}</title>
<style>
  body { margin: 0; padding: 24px; background: #f6f8fa; color: #1f2328;
    font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif, "Noto Color Emoji"; }
  .card { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; max-width: 1320px; }
  .card > header { padding: 16px 24px; border-bottom: 1px solid #d0d7de; font-weight: 600; font-size: 16px; }
  .card > header span { color: #59636e; font-weight: 400; }
  .markdown { padding: 8px 24px 24px; }
  h1, h2, h3, h4 { margin: 24px 0 16px; font-weight: 600; line-height: 1.25; }
  h3 { font-size: 1.25em; } h4 { font-size: 1em; }
  p { margin: 0 0 16px; }
  table { border-collapse: collapse; margin: 0 0 16px; display: block; width: max-content; max-width: 100%; }
  th, td { border: 1px solid #d0d7de; padding: 6px 13px; text-align: left; vertical-align: top; }
  th { font-weight: 600; }
  tr:nth-child(2n) { background: #f6f8fa; }
  code { font: 85%/1.45 ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
    background: rgba(175, 184, 193, 0.2); border-radius: 6px; padding: 0.2em 0.4em; overflow-wrap: anywhere; }
  pre { background: #f6f8fa; border-radius: 6px; padding: 16px; margin: 0 0 16px; overflow: auto; }
  pre code { background: none; padding: 0; font-size: 85%; white-space: pre-wrap; overflow-wrap: anywhere; }
</style></head>
<body><div class="card"><header>${escape(opts.job)} <span>summary</span></header>
<div class="markdown">
${renderMarkdown(markdown)}
</div></div></body></html>
`
}
