import { StringDecoder } from 'node:string_decoder';

/** One line of a journal as read from its stream; `tooLong` when it passed the line limit. */
export type RawLine =
  | { readonly line: number; readonly text: string }
  | { readonly line: number; readonly tooLong: true };

export interface LineLimits {
  /** The most bytes read in all; past it `onTooLarge` decides what is thrown. */
  readonly maxBytes: number;
  /** A line longer than this is dropped and reported, never held. */
  readonly maxLineBytes: number;
  readonly onTooLarge: () => Error;
}

/**
 * Splits a byte stream into lines as it arrives (LF or CRLF), holding at most one line: a large
 * journal is read a chunk at a time, and other requests are answered between the chunks.
 */
export async function* linesOf(
  chunks: AsyncIterable<Buffer | string>,
  limits: LineLimits,
): AsyncGenerator<RawLine> {
  const decoder = new StringDecoder('utf8');
  let total = 0;
  let line = 1;
  let pending = '';
  let dropping = false;
  const finish = (text: string): RawLine => {
    const done: RawLine = dropping
      ? { line, tooLong: true }
      : { line, text: text.endsWith('\r') ? text.slice(0, -1) : text };
    line += 1;
    dropping = false;
    return done;
  };
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += bytes.length;
    if (total > limits.maxBytes) throw limits.onTooLarge();
    let text = decoder.write(bytes);
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n')) {
      yield finish(pending + text.slice(0, at));
      pending = '';
      text = text.slice(at + 1);
    }
    if (!dropping) pending += text;
    if (pending.length > limits.maxLineBytes) {
      dropping = true;
      pending = '';
    }
  }
  const rest = pending + decoder.end();
  if (rest !== '' || dropping) yield finish(rest);
}

/** A journal holds a register's unsynced facts, possibly days of them: more than one push. */
export const JOURNAL_MAX_BYTES = 64 * 1024 * 1024;
/** The largest fact a register writes (500 lines, 200 entries) is well under this. */
export const JOURNAL_MAX_LINE_BYTES = 1024 * 1024;
