import { describe, expect, it, vi } from 'vitest';
import { methodNames, type Job } from '../../../preload/contract';
import { createWebBridge } from '../../../renderer/src/bridge/webBridge';
import { errorCode, userMessage } from '../../../renderer/src/bridge/bridgeError';

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readonly listeners = new Map<string, Array<(e: MessageEvent) => void>>();
  closed = false;
  constructor(
    readonly url: string,
    readonly init?: EventSourceInit,
  ) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(name: string, fn: (e: MessageEvent) => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
  }
  close() {
    this.closed = true;
  }
  push(name: string, data: string) {
    for (const fn of this.listeners.get(name) ?? []) fn(new MessageEvent(name, { data }));
  }
}

describe('createWebBridge', () => {
  it('has every method of the contract', () => {
    const bridge = createWebBridge({ fetch: vi.fn() });
    for (const name of methodNames) expect(typeof bridge[name]).toBe('function');
    expect(bridge.transport).toBe('web');
  });

  it('POSTs the arguments as JSON to /api/<method> and unwraps the value', async () => {
    const fetch = vi.fn(async () => jsonResponse({ ok: true, value: [{ id: 1 }] }));
    const bridge = createWebBridge({ fetch: fetch as unknown as typeof globalThis.fetch, baseUrl: 'http://h' });
    const result = await bridge.saveHighlights({ projectId: 3, highlights: [] });
    expect(result).toEqual([{ id: 1 }]);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://h/api/saveHighlights');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({ projectId: 3, highlights: [] });
    expect(init.keepalive).toBe(true);
  });

  it('does not ask for keepalive on large bodies', async () => {
    const fetch = vi.fn(async () => jsonResponse({ ok: true, value: [] }));
    const bridge = createWebBridge({ fetch: fetch as unknown as typeof globalThis.fetch });
    const highlights = Array.from({ length: 2000 }, (_, i) => ({ id: `id-${i}-xxxxxxxxxxxxxxxx`, start: i, end: i + 0.5 }));
    await bridge.saveHighlights({ projectId: 1, highlights });
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.keepalive).toBe(false);
  });

  it('rejects with an Error carrying the core code and user message', async () => {
    const fetch = vi.fn(async () =>
      jsonResponse({ ok: false, error: { code: 'MEDIA_UNREADABLE', message: 'Cannot read /x.mp4.' } }),
    );
    const bridge = createWebBridge({ fetch: fetch as unknown as typeof globalThis.fetch });
    const error = await bridge.openLocal({ videoPath: '/x.mp4' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(userMessage(error)).toBe('Cannot read /x.mp4.');
    expect(errorCode(error)).toBe('MEDIA_UNREADABLE');
  });

  it('turns 401, unreachable servers and garbage into coded errors with advice', async () => {
    const unauthorized = createWebBridge({ fetch: (async () => new Response('no', { status: 401 })) as typeof fetch });
    await expect(unauthorized.listProjects({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const down = createWebBridge({
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
    });
    await expect(down.listProjects({})).rejects.toMatchObject({ code: 'NETWORK', message: /not reachable/ });
    const garbage = createWebBridge({ fetch: (async () => new Response('<html>', { status: 500 })) as typeof fetch });
    await expect(garbage.listProjects({})).rejects.toMatchObject({ code: 'INTERNAL' });
    const odd = createWebBridge({ fetch: (async () => jsonResponse({ hello: 1 })) as typeof fetch });
    await expect(odd.listProjects({})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('delivers server-sent events to listeners and closes the stream when nobody listens', () => {
    FakeEventSource.instances = [];
    const bridge = createWebBridge({
      fetch: vi.fn(),
      EventSource: FakeEventSource as unknown as typeof EventSource,
    });
    const jobs: Job[] = [];
    const projects: number[] = [];
    const offJob = bridge.on('job', (job) => jobs.push(job));
    const offProject = bridge.on('project', (p) => projects.push(p.projectId));
    expect(FakeEventSource.instances).toHaveLength(1);
    const source = FakeEventSource.instances[0]!;
    expect(source.url).toBe('/api/events');
    source.push('job', JSON.stringify({ id: 7, state: 'running' }));
    source.push('project', JSON.stringify({ projectId: 2 }));
    source.push('job', '{broken');
    expect(jobs).toEqual([{ id: 7, state: 'running' }]);
    expect(projects).toEqual([2]);
    offJob();
    expect(source.closed).toBe(false);
    offProject();
    expect(source.closed).toBe(true);
  });

  it('serves media from /media/<id> and cannot know dropped file paths', () => {
    const bridge = createWebBridge({ fetch: vi.fn() });
    expect(bridge.mediaUrl(12)).toBe('/media/12');
    expect(bridge.pathForFile(new File(['x'], 'a.mp4'))).toBeNull();
  });
});
