import type http from 'node:http';

// The small pieces of plain node:http both receivers need (Slack's and GitHub's): each reads the raw
// body itself, because the signature is checked over the exact bytes before anything is parsed.

export function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

export function reply(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/** The whole body, or 'too_large' past `limitBytes` (the rest is read and dropped, so the client sees the answer). */
export function readBody(req: http.IncomingMessage, limitBytes: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limitBytes ? 'too_large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
