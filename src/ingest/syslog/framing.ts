/**
 * RFC 6587 TCP framing, detected per frame: `LEN SP MSG` (octet counting) when a frame starts with
 * a non-zero digit run and a space, otherwise `MSG LF` (non-transparent framing; CR before LF and
 * stray LF/CR/NUL between frames are ignored). Frames over `maxBytes` are reported and skipped
 * without losing sync, so one bad frame never costs the connection. Pure: bytes in, callbacks out.
 */

export interface FrameSink {
  frame(bytes: Buffer): void;
  oversize(detail: string): void;
  /** A connection ended inside an octet-counted frame. */
  truncated(detail: string): void;
}

/** At most 10 digits of length: enough for any frame we would accept, and bounded work on junk. */
const MAX_LENGTH_DIGITS = 10;

export class FrameDecoder {
  /** Bytes of an unfinished frame, kept as they came: joined once, when the frame can complete. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** What the unfinished frame waits for: this many pending bytes, or a newline; undefined retries on any data. */
  private waitFor: number | 'newline' | undefined;
  /** Bytes of an oversize octet-counted frame still to skip. */
  private skipBytes = 0;
  /** Discarding the rest of an oversize LF-framed line. */
  private skipLine = false;
  private ended = 0;

  constructor(private readonly maxBytes: number) {}

  /** Frames ended so far (kept, rejected or skipped): a change tells a frame timer that a new frame began. */
  get framesEnded(): number {
    return this.ended;
  }

  /** Whether the stream stopped inside a frame: bytes are held for one, or an oversize one is being skipped. */
  get inFrame(): boolean {
    return this.pendingBytes > 0 || this.skipBytes > 0 || this.skipLine;
  }

  /** Bytes held for an unfinished frame: never more than `maxBytes` plus a length header, whatever a peer sends. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  push(chunk: Buffer, sink: FrameSink): void {
    // A frame arriving a byte at a time must cost linear work: hold the piece without joining or rescanning.
    if (this.stillWaiting(chunk)) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      return;
    }
    const buf = this.pendingBytes === 0 ? chunk : Buffer.concat([...this.pending, chunk], this.pendingBytes + chunk.length);
    this.takePending();
    let pos = 0;
    while (pos < buf.length) {
      const next = this.step(buf, pos, sink);
      if (next < 0) break;
      pos = next;
    }
    if (pos < buf.length) {
      this.pending = [buf.subarray(pos)];
      this.pendingBytes = buf.length - pos;
    } else {
      this.waitFor = undefined;
    }
  }

  /** Ends the stream: a final line without LF is still a frame; a cut-off counted frame is reported. */
  end(sink: FrameSink): void {
    const rest = this.takePending();
    if (rest === undefined || this.skipLine || this.skipBytes > 0) return;
    const counted = this.countedHeader(rest, 0);
    if (typeof counted === 'object') sink.truncated(`connection closed inside a ${counted.length}-byte frame`);
    else this.lineFrame(rest, 0, rest.length, sink);
  }

  private stillWaiting(chunk: Buffer): boolean {
    if (this.pendingBytes === 0 || this.waitFor === undefined) return false;
    const total = this.pendingBytes + chunk.length;
    if (this.waitFor === 'newline') return total <= this.maxBytes && !chunk.includes(10);
    return total < this.waitFor;
  }

  /** The pending bytes joined (undefined when none), leaving none pending. */
  private takePending(): Buffer | undefined {
    const joined = this.pendingBytes === 0 ? undefined : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return joined;
  }

  /** Consumes one unit at `pos`; the new position, or -1 when more bytes are needed. */
  private step(buf: Buffer, pos: number, sink: FrameSink): number {
    if (this.skipBytes > 0) {
      const skipped = Math.min(this.skipBytes, buf.length - pos);
      this.skipBytes -= skipped;
      if (this.skipBytes === 0) this.ended++;
      return pos + skipped;
    }
    if (this.skipLine) {
      const lf = buf.indexOf(10, pos);
      if (lf < 0) return buf.length;
      this.skipLine = false;
      this.ended++;
      return lf + 1;
    }
    const first = buf[pos] as number;
    if (first === 10 || first === 13 || first === 0 || first === 32) return pos + 1;
    if (first >= 49 && first <= 57) {
      const counted = this.countedHeader(buf, pos);
      if (counted === 'more') {
        this.waitFor = undefined;
        return -1;
      }
      if (counted !== undefined) return this.countedFrame(buf, pos, counted, sink);
    }
    return this.lineFrameAt(buf, pos, sink);
  }

  /** Reads `LEN SP` at `pos`: the frame's start and length, 'more' when cut off, undefined when not a count. */
  private countedHeader(buf: Buffer, pos: number): { start: number; length: number } | 'more' | undefined {
    let length = 0;
    for (let i = pos; i < buf.length; i++) {
      const code = buf[i] as number;
      if (code === 32 && i > pos) return { start: i + 1, length };
      if (code < 48 || code > 57 || i - pos >= MAX_LENGTH_DIGITS) return undefined;
      length = length * 10 + code - 48;
    }
    return 'more';
  }

  private countedFrame(buf: Buffer, header: number, { start, length }: { start: number; length: number }, sink: FrameSink): number {
    if (length > this.maxBytes) {
      sink.oversize(`octet-counted frame of ${length} bytes is over the ${this.maxBytes}-byte limit`);
      this.skipBytes = length;
      return start;
    }
    if (start + length > buf.length) {
      this.waitFor = start + length - header;
      return -1;
    }
    this.ended++;
    sink.frame(buf.subarray(start, start + length));
    return start + length;
  }

  private lineFrameAt(buf: Buffer, pos: number, sink: FrameSink): number {
    const lf = buf.indexOf(10, pos);
    if (lf < 0) {
      if (buf.length - pos <= this.maxBytes) {
        this.waitFor = 'newline';
        return -1;
      }
      sink.oversize(`line of more than ${this.maxBytes} bytes without a newline`);
      this.skipLine = true;
      return buf.length;
    }
    this.lineFrame(buf, pos, lf, sink);
    return lf + 1;
  }

  private lineFrame(buf: Buffer, start: number, end: number, sink: FrameSink): void {
    this.ended++;
    const stop = end > start && buf[end - 1] === 13 ? end - 1 : end;
    if (stop - start > this.maxBytes) sink.oversize(`line of ${stop - start} bytes is over the ${this.maxBytes}-byte limit`);
    else if (stop > start) sink.frame(buf.subarray(start, stop));
  }
}
