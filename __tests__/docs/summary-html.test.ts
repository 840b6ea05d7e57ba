// The markdown renderer behind the README's job-summary picture: the subset dock2pod's
// summaries use, rendered as GitHub renders it, everything else escaped.
import { describe, expect, test } from 'vitest'
import { renderInline, renderMarkdown, summaryPage } from '../../scripts/summary-html.ts'
import { renderDeploySummary } from '../../src/report/deploy.ts'

describe('renderInline', () => {
  test.each([
    ['`a|b` and **bold**', '<code>a|b</code> and <strong>bold</strong>'],
    ['_none_', '<em>none</em>'],
    ['`<x> & **y**`', '<code>&lt;x&gt; &amp; **y**</code>'],
    ['snake_case_name stays', 'snake_case_name stays'],
    ['<script>', '&lt;script&gt;'],
  ])('%s', (md, html) => expect(renderInline(md)).toBe(html))
})

describe('renderMarkdown', () => {
  test('headings, a table with an empty header and escaped pipes, a fenced block', () => {
    const md = [
      '### Image built and pushed',
      '',
      '| | |',
      '|---|---|',
      '| Image | `r/web` |',
      '| Note | a \\| b |',
      '### Deploy',
      '',
      'Some text',
      'on two lines.',
      '',
      '```text',
      'Exit code 3 <stderr>',
      '  indented',
      '```',
    ].join('\n')
    expect(renderMarkdown(md)).toBe(
      [
        '<h3>Image built and pushed</h3>',
        '<table><tbody><tr><td>Image</td><td><code>r/web</code></td></tr><tr><td>Note</td><td>a | b</td></tr></tbody></table>',
        '<h3>Deploy</h3>',
        '<p>Some text on two lines.</p>',
        '<pre><code class="language-text">Exit code 3 &lt;stderr&gt;\n  indented</code></pre>',
      ].join('\n'),
    )
  })

  test("dock2pod's own deploy summary renders to its table and diagnosis block", () => {
    const md = renderDeploySummary([
      {
        namespace: 'demo',
        name: 'web',
        container: 'web',
        previousImage: 'r/web:1@sha256:aa',
        image: 'r/web:2@sha256:bb',
        revision: '4',
        readyReplicas: 3,
        desiredReplicas: 3,
        seconds: 2,
        status: 'rolled-back',
        diagnosis: { reason: 'CrashLoopBackOff', message: 'back-off', exitCode: 3 },
        rollback: { state: 'ready', message: 'ok', revision: '4' },
      },
    ])
    const html = renderMarkdown(md)
    expect(html).toContain('<th>Deployment</th>')
    expect(html).toContain(
      '<td><code>r/web:1@sha256:aa</code> → <code>r/web:2@sha256:bb</code></td>',
    )
    expect(html).toContain('<h4>demo/web</h4>')
    expect(html).toMatch(/<pre><code class="language-text">CrashLoopBackOff\nback-off\nExit code 3/)
    expect(html).not.toMatch(/\||```|###/)
  })

  test('the page wraps it in the summary card', () => {
    const page = summaryPage('### Deploy', { title: 'Job summary', job: 'deploy' })
    expect(page).toMatch(/^<!doctype html>/)
    expect(page).toContain('<header>deploy <span>summary</span></header>')
    expect(page).toContain('<h3>Deploy</h3>')
  })
})
