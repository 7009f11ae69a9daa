// The official openvidu-node-client 2.32.2, unchanged, against the stub's 2.x surface (/openvidu/api).
//
//   node conformance.mjs <base URL> <secret>
//
// Runs the flows a Node backend runs: sessions (a custom id created twice: the 409 is absorbed), connections that
// a simulated participant uses (control API: POST /stub/participants with the connection's token URL), fetch(),
// a recording started with options, stopped (ready), read, listed, downloaded and deleted, forceUnpublish,
// forceDisconnect, close, the HTTP status of each refused call (the client rejects with Error(<status>)), and a
// fault asked for with the X-OvStub-Fault request header.
// Prints one line per check ("ok - ..." or "not ok - ...: why") and a summary; exits 0 only if every check passed.
// Run by dev.ovstub.it.NodeClientConformanceTest (mvn verify), which starts the jar and reads the output.

import { createRequire } from 'node:module';
import ovClient from 'openvidu-node-client';

// The client require()s axios: its CommonJS build, a module instance of its own (an ESM import would get another).
const axios = createRequire(import.meta.url)('axios');

const { OpenVidu, OpenViduRole, Recording, RecordingLayout, RecordingMode } = ovClient;

const [base, secret] = process.argv.slice(2);
if (!base || !secret) {
  console.error('usage: node conformance.mjs <base URL> <secret>');
  process.exit(2);
}
const auth = 'Basic ' + Buffer.from('OPENVIDUAPP:' + secret).toString('base64');

let passed = 0;
let failed = 0;

function ok(name) {
  passed++;
  console.log('ok - ' + name);
}

function notOk(name, why) {
  failed++;
  console.log('not ok - ' + name + ': ' + why);
}

/** Checks a condition; the detail explains a failure. */
function check(name, condition, detail) {
  if (condition) {
    ok(name);
  } else {
    notOk(name, detail === undefined ? 'condition false' : JSON.stringify(detail));
  }
}

/** Runs a step; a rejection or exception fails it (and returns undefined) instead of ending the run. */
async function step(name, body) {
  try {
    const value = await body();
    ok(name);
    return value;
  } catch (e) {
    notOk(name, e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : String(e));
    return undefined;
  }
}

/** The call must reject with Error(<status>), the node client's way of reporting an HTTP error status. */
async function expectStatus(name, status, body) {
  let value;
  try {
    value = await body();
  } catch (e) {
    check(name, e instanceof Error && e.message === String(status),
      'expected Error("' + status + '") but got ' + (e && e.message !== undefined ? 'Error("' + e.message + '")' : String(e)));
    return;
  }
  notOk(name, 'expected a rejection with status ' + status + ' but it resolved to ' + describe(value));
}

/** JSON where it can be (client objects refer to each other), else the plain string. */
function describe(value) {
  try {
    return JSON.stringify(value);
  } catch (e) {
    return String(value) + ' (' + (value && value.constructor ? value.constructor.name : typeof value) + ')';
  }
}

async function control(method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : null };
}

/** A simulated participant joins with the connection's token URL (control API); returns its participant id. */
async function join(sessionId, token, publish) {
  const r = await control('POST', '/stub/participants', { session: sessionId, token, publish });
  if (r.status !== 200) {
    throw new Error('join answered ' + r.status + ' ' + r.text);
  }
  return r.json.id;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const ov = new OpenVidu(base, secret);

  // ---- sessions ----
  const session = await step('createSession() gives a ses_ id', async () => {
    const s = await ov.createSession();
    if (!/^ses_[A-Za-z][0-9A-Za-z]{9}$/.test(s.sessionId)) throw new Error('id ' + s.sessionId);
    return s;
  });
  if (!session) return;
  const sessionId = session.sessionId;

  const customId = 'node_' + Date.now();
  await step('createSession({customSessionId}) twice: the 409 is absorbed', async () => {
    const a = await ov.createSession({ customSessionId: customId, recordingMode: RecordingMode.MANUAL });
    const b = await ov.createSession({ customSessionId: customId });
    if (a.sessionId !== customId || b.sessionId !== customId) throw new Error(a.sessionId + ' / ' + b.sessionId);
    if (b.createdAt !== a.createdAt) throw new Error('createdAt ' + a.createdAt + ' then ' + b.createdAt);
  });

  // ---- connections ----
  const connection = await step('createConnection({role, data}) is pending with a token URL', async () => {
    const c = await session.createConnection({ role: OpenViduRole.PUBLISHER, data: 'alice' });
    const tokenShape = new RegExp('^wss?://[^/?]+\\?sessionId=' + sessionId + '&token=tok_[A-Za-z][0-9A-Za-z]{15}$');
    if (c.status !== 'pending') throw new Error('status ' + c.status);
    if (!tokenShape.test(c.token)) throw new Error('token ' + c.token);
    if (c.role !== 'PUBLISHER' || c.serverData !== 'alice') throw new Error(JSON.stringify(c));
    if (!/^con_[A-Za-z][0-9A-Za-z]{9}$/.test(c.connectionId)) throw new Error('id ' + c.connectionId);
    return c;
  });
  if (!connection) return;
  const defaults = await step('createConnection() defaults: PUBLISHER, empty data', async () => {
    const c = await session.createConnection();
    if (c.role !== 'PUBLISHER' || c.serverData !== '' || c.status !== 'pending') throw new Error(JSON.stringify(c));
    return c;
  });

  const participant = await step('a participant joins with the token (control API)', () =>
    join(sessionId, connection.token, true));
  // a second participant who only watches: the session stays open when the first one is evicted
  const watcher = await step('a watcher joins with a SUBSCRIBER connection', async () => {
    const c = await session.createConnection({ role: OpenViduRole.SUBSCRIBER });
    await join(sessionId, c.token, false);
    return c;
  });
  await step('session.fetch() shows the same connection active with one publisher', async () => {
    const changed = await session.fetch();
    if (!changed) throw new Error('fetch() reported no change');
    const c = session.connections.find((x) => x.connectionId === connection.connectionId);
    if (!c || c.status !== 'active') throw new Error(JSON.stringify(session.connections));
    if (!c.activeAt) throw new Error('activeAt ' + c.activeAt);
    if (c.publishers.length !== 1 || !c.publishers[0].streamId.startsWith('str_CAM_')) {
      throw new Error('publishers ' + JSON.stringify(c.publishers));
    }
    if (!c.publishers[0].streamId.endsWith('_' + connection.connectionId)) throw new Error(c.publishers[0].streamId);
    if (session.activeConnections.length !== 2) throw new Error('active ' + session.activeConnections.length);
    if (await session.fetch()) throw new Error('a second fetch() without a change reported one');
  });
  await step('openvidu.fetch() lists the sessions', async () => {
    await ov.fetch();
    const ids = ov.activeSessions.map((s) => s.sessionId);
    if (!ids.includes(sessionId) || !ids.includes(customId)) throw new Error(JSON.stringify(ids));
  });
  await step('the deprecated generateToken() gives a token URL', async () => {
    const t = await session.generateToken();
    if (!t.includes('sessionId=' + sessionId) || !t.includes('token=tok_')) throw new Error(t);
  });

  // ---- recording ----
  const started = await step('startRecording(id, {name, resolution, frameRate, layout}) is started', async () => {
    const r = await ov.startRecording(sessionId, {
      name: 'nodeRec', outputMode: Recording.OutputMode.COMPOSED, recordingLayout: RecordingLayout.BEST_FIT,
      resolution: '640x360', frameRate: 15, hasAudio: true, hasVideo: true,
    });
    if (r.status !== 'started' || r.id !== sessionId || r.url !== null) throw new Error(JSON.stringify(r));
    if (r.properties.name !== 'nodeRec' || r.properties.resolution !== '640x360') throw new Error(JSON.stringify(r.properties));
    if (!session.recording) throw new Error('session.recording is false');
    return r;
  });
  if (started) {
    await expectStatus('startRecording again: 409', 409, () => ov.startRecording(sessionId));
    await expectStatus('deleteRecording while started: 409', 409, () => ov.deleteRecording(started.id));
    await sleep(1200); // the time being recorded
    const stopped = await step('stopRecording() answers ready with the url', async () => {
      const r = await ov.stopRecording(started.id);
      const url = base + '/openvidu/recordings/' + started.id + '/nodeRec.mp4';
      if (r.status !== 'ready' || r.url !== url) throw new Error(JSON.stringify(r));
      if (!(r.size > 0) || !(r.duration > 0)) throw new Error('size ' + r.size + ', duration ' + r.duration);
      return r;
    });
    if (stopped) {
      await step('getRecording() and listRecordings() agree with the stop', async () => {
        const got = await ov.getRecording(stopped.id);
        if (got.status !== 'ready' || got.size !== stopped.size || got.url !== stopped.url) throw new Error(JSON.stringify(got));
        const list = await ov.listRecordings();
        if (!list.some((r) => r.id === stopped.id && r.status === 'ready')) throw new Error(JSON.stringify(list.map((r) => r.id)));
      });
      await step('the url downloads the whole file (with credentials)', async () => {
        const res = await fetch(stopped.url, { headers: { Authorization: auth } });
        const bytes = Buffer.from(await res.arrayBuffer());
        if (res.status !== 200 || bytes.length !== stopped.size) throw new Error(res.status + ', ' + bytes.length + ' bytes');
        if (bytes.subarray(4, 8).toString('latin1') !== 'ftyp') throw new Error('not an MP4: ' + bytes.subarray(0, 8).toString('hex'));
      });
      const second = await step('a second recording of the session is <id>~1', async () => {
        const r = await ov.startRecording(sessionId, 'second');
        await ov.stopRecording(r.id);
        if (r.id !== sessionId + '~1') throw new Error(r.id);
        return r;
      });
      await step('deleteRecording() removes it', async () => {
        await ov.deleteRecording(stopped.id);
        if (second) await ov.deleteRecording(second.id);
      });
      await expectStatus('getRecording() of a deleted one: 404', 404, () => ov.getRecording(stopped.id));
      await expectStatus('deleteRecording() again: 404', 404, () => ov.deleteRecording(stopped.id));
    }
  }

  // ---- a session's default recording properties (the node client sends only the keys it was given) ----
  await step("startRecording(id) takes the session's defaultRecordingProperties", async () => {
    const s = await ov.createSession({ defaultRecordingProperties: { resolution: '320x240', frameRate: 10 } });
    const c = await s.createConnection();
    await join(s.sessionId, c.token, true);
    const r = await ov.startRecording(s.sessionId);
    const stopped = await ov.stopRecording(r.id);
    if (r.properties.resolution !== '320x240' || r.properties.frameRate !== 10) throw new Error(JSON.stringify(r.properties));
    if (stopped.status !== 'ready' || stopped.properties.resolution !== '320x240') throw new Error(JSON.stringify(stopped));
    await s.close();
  });

  // ---- refused calls ----
  const empty = await ov.createSession();
  await expectStatus('startRecording, nobody connected: 406', 406, () => ov.startRecording(empty.sessionId));
  await expectStatus('startRecording, unknown session: 404', 404, () => ov.startRecording('ses_Nosuchses1'));
  await expectStatus('startRecording, resolution 99x99: 422', 422, () => ov.startRecording(sessionId, { resolution: '99x99' }));
  await expectStatus('startRecording, frameRate 0: 422', 422, () => ov.startRecording(sessionId, { frameRate: 0 }));
  await expectStatus('startRecording, both tracks off: 422', 422,
    () => ov.startRecording(sessionId, { hasAudio: false, hasVideo: false }));
  await expectStatus('startRecording, a bad name: 400', 400, () => ov.startRecording(sessionId, { name: 'a b' }));
  await expectStatus('stopRecording, unknown: 404', 404, () => ov.stopRecording('ses_Nosuchses1'));
  await expectStatus('getRecording, unknown: 404', 404, () => ov.getRecording('ses_Nosuchses1'));
  await expectStatus('forceDisconnect, unknown connection: 404', 404, () => session.forceDisconnect('con_Nosuchcon1'));
  await expectStatus('forceUnpublish, unknown stream: 404', 404, () => session.forceUnpublish('str_CAM_Nope_con_Nosuchcon1'));

  // ---- moderation and close ----
  await step('forceUnpublish() ends the stream, the connection stays active', async () => {
    const c = session.connections.find((x) => x.connectionId === connection.connectionId);
    await session.forceUnpublish(c.publishers[0]);
    await session.fetch();
    const after = session.connections.find((x) => x.connectionId === connection.connectionId);
    if (!after || after.status !== 'active' || after.publishers.length !== 0) throw new Error(JSON.stringify(after));
  });
  await step('forceDisconnect() revokes a pending connection and evicts the participant', async () => {
    if (defaults) await session.forceDisconnect(defaults);
    await session.forceDisconnect(connection.connectionId);
    await session.fetch();
    const ids = session.connections.map((c) => c.connectionId);
    if (ids.includes(connection.connectionId) || (defaults && ids.includes(defaults.connectionId))) {
      throw new Error(JSON.stringify(ids));
    }
    if (watcher && !session.activeConnections.some((c) => c.connectionId === watcher.connectionId)) {
      throw new Error('the watcher is gone too: ' + JSON.stringify(ids));
    }
  });
  if (defaults) {
    await step('a revoked token can no longer join', async () => {
      const r = await control('POST', '/stub/participants', { session: sessionId, token: defaults.token, publish: true });
      if (r.status < 400 || r.status > 499) throw new Error('join answered ' + r.status + ' ' + r.text);
    });
  }
  if (participant) {
    await step('the evicted participant is gone from the control API', async () => {
      const r = await control('DELETE', '/stub/participants/' + participant);
      if (r.status !== 404 && r.status !== 204) throw new Error('leave answered ' + r.status + ' ' + r.text);
    });
  }
  await step('close() closes the session', async () => {
    await session.close();
    if (ov.activeSessions.some((s) => s.sessionId === sessionId)) throw new Error('still in activeSessions');
  });
  await expectStatus('createConnection on a closed session: 404', 404, () => session.createConnection());
  await expectStatus('fetch() of a closed session: 404', 404, () => session.fetch());

  // ---- a fault asked for by the request itself (X-OvStub-Fault), through the client's own axios ----
  // axios is the client's dependency, locked at the client's version, so require('axios') is the very instance the
  // client sends with: a Node backend's test sets the header around the call whose failure it wants to see.
  axios.defaults.headers.common['X-OvStub-Fault'] = JSON.stringify({ status: 503, message: 'injected' });
  try {
    await expectStatus('X-OvStub-Fault {"status":503} fails createSession with 503', 503, () => ov.createSession());
    await expectStatus('X-OvStub-Fault {"status":503} fails listRecordings with 503', 503, () => ov.listRecordings());
  } finally {
    delete axios.defaults.headers.common['X-OvStub-Fault'];
  }
  await step('without the header the same client works again', async () => {
    const s = await ov.createSession();
    await s.close();
  });

  // ---- wrong secret ----
  await expectStatus('a wrong secret: 401', 401, () => new OpenVidu(base, 'not-the-secret').createSession());

}

try {
  await main();
} catch (e) {
  notOk('the run', e && e.stack ? e.stack : String(e));
}
console.log('node-client conformance: ' + passed + ' checks passed, ' + failed + ' failed');
process.exit(failed === 0 && passed > 0 ? 0 : 1);
