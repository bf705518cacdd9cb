// End-to-end scenario: the official Tinode JavaScript SDK (tinode-sdk, pinned in package.json)
// drives a running broker over WebSocket, or over long polling with SDK_TRANSPORT=lp.
//
//   BROKER_HOST=127.0.0.1:6060 node sdk-e2e.mjs
//
// Environment:
//   BROKER_HOST      host:port of the broker (required). The SDK connects to ws://BROKER_HOST/v0/channels?apikey=...
//   BROKER_API_KEY   API key passed to the SDK (default: the well-known Tinode sample key).
//   SDK_E2E_TRACE=1  print every frame sent/received as it happens (the frames are always dumped on failure).
//   SDK_TRANSPORT    "ws" (default) or "lp": the SDK's transport (lp: http://BROKER_HOST/v0/channels/lp?apikey=...).
//
// Prints one line per step; exits 0 when every step passed, 1 otherwise (with the failed step, the reason
// and the wire transcript of each client on stderr).

import crypto from 'node:crypto';
import WebSocket from 'ws';
import tinodeSdk from 'tinode-sdk';

const { Tinode, Drafty } = tinodeSdk;

const HOST = process.env.BROKER_HOST;
const API_KEY = process.env.BROKER_API_KEY || 'AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K';
// A key in Tinode's format whose signature does not match (the demo key with its last byte changed).
const WRONG_API_KEY = 'AQEAAAABAAD_rAp4DJh05a1HAwFT3A6L';
const TRACE = process.env.SDK_E2E_TRACE === '1';
const TRANSPORT = process.env.SDK_TRANSPORT === 'lp' ? 'lp' : 'ws';
const ENDPOINT = TRANSPORT === 'lp' ? `http://${HOST}/v0/channels/lp` : `ws://${HOST}/v0/channels`;
const OVERALL_TIMEOUT_MS = 60_000;
const WAIT_TIMEOUT_MS = 5_000;

if (!HOST) {
  console.error('BROKER_HOST is not set (expected host:port, e.g. 127.0.0.1:6060)');
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Node has no browser APIs: give the SDK the `ws` WebSocket, an XMLHttpRequest over fetch
// (long polling and file uploads) and a stub IndexedDB. With persist:false the SDK never opens a database, but its constructor
// still calls indexedDB.deleteDatabase(); without a provider that throws inside a promise and
// Node kills the process with an unhandled rejection.
// ---------------------------------------------------------------------------------------------
const stubIndexedDB = {
  open() {
    const req = {};
    setTimeout(() => req.onerror && req.onerror({ target: { error: new Error('IndexedDB is not available in Node') } }));
    return req;
  },
  deleteDatabase() {
    const req = {};
    setTimeout(() => req.onsuccess && req.onsuccess({ target: { result: undefined } }));
    return req;
  },
};
// LargeFileHelper and the long polling transport use XMLHttpRequest, which Node lacks: this is the part of it
// the SDK uses (open/send/abort, readyState with onreadystatechange, status, responseText, onload), over fetch.
class FetchXMLHttpRequest {
  constructor() {
    this.upload = {}; this.headers = {}; this.status = 0; this.statusText = ''; this.response = null;
    this.responseText = ''; this.readyState = 0; this.controller = new AbortController();
  }
  open(method, url) { this.method = method; this.url = url; this.readyState = 1; }
  setRequestHeader(name, value) { this.headers[name] = value; }
  abort() {
    this.aborted = true;
    this.controller.abort();
    if (this.onabort) this.onabort();
  }
  send(body) {
    fetch(this.url, { method: this.method, headers: this.headers, body: body ?? undefined, signal: this.controller.signal })
      .then(async res => {
        this.status = res.status;
        this.statusText = res.statusText;
        this.response = await res.text();
        this.responseText = this.response;
        this.readyState = 4;
        if (this.aborted) return;
        if (this.onreadystatechange) this.onreadystatechange.call(this, {});
        if (this.onload) this.onload.call(this);
      })
      .catch(err => {
        if (this.aborted) return;
        this.readyState = 4;
        if (this.onreadystatechange) this.onreadystatechange.call(this, {});
        if (this.onerror) this.onerror(err);
      });
  }
}
Tinode.setNetworkProviders(WebSocket, FetchXMLHttpRequest);
Tinode.setDatabaseProvider(stubIndexedDB);

// ---------------------------------------------------------------------------------------------
// Harness.
// ---------------------------------------------------------------------------------------------
const clients = [];        // {label, tinode, transcript[]}
let stepNo = 0;
let currentStep = '(startup)';
let shuttingDown = false;
let finished = false;

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

class StepError extends Error {}

function fail(message) {
  throw new StepError(message);
}

function check(condition, message) {
  if (!condition) {
    fail(message);
  }
}

function show(value) {
  try {
    return JSON.stringify(value, (k, v) => (v instanceof Date ? `Date(${v.toISOString()})` : v));
  } catch {
    return String(value);
  }
}

// The SDK turns any `acs` object in a server frame into an AccessMode; anything else (e.g. a bare "JRWPS"
// string) stays as is and later breaks topic.note() and friends.
function accessMode(topic) {
  const acs = topic.getAccessMode();
  if (acs && typeof acs.isOwner !== 'function') {
    fail(`${topic.name}: acs must be an object {"want":"JRWPS","given":"JRWPS","mode":"JRWPS"}, got ${show(acs)}`);
  }
  return acs;
}

function isOk(ctrl) {
  return !!ctrl && typeof ctrl.code === 'number' && ctrl.code >= 200 && ctrl.code < 300;
}

function checkCtrl(ctrl, what) {
  check(ctrl, `${what}: the SDK resolved without a {ctrl} (the request failed; see the transcript)`);
  check(isOk(ctrl), `${what}: expected a 2xx {ctrl}, got ${show(ctrl)}`);
  check(ctrl.ts instanceof Date,
    `${what}: ctrl.ts was not parsed as a date (${show(ctrl.ts)}); the SDK only parses RFC 3339 UTC strings ` +
    `20..24 chars long, e.g. "2025-01-02T03:04:05.678Z" (at most 3 fractional digits, 'Z' suffix)`);
}

async function waitFor(what, predicate, timeoutMs = WAIT_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = predicate();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(20);
  }
}

async function step(name, fn) {
  stepNo++;
  currentStep = `${stepNo}. ${name}`;
  const started = Date.now();
  const detail = await fn();
  console.log(`ok   ${currentStep}${detail ? ` -- ${detail}` : ''} (${Date.now() - started} ms)`);
}

function describeError(err) {
  if (!err) {
    return String(err);
  }
  // CommError from the SDK: {message, code}; ws ErrorEvent: {message, error}.
  const code = err.code !== undefined ? ` (code ${err.code})` : '';
  return `${err.message || err.type || show(err)}${code}`;
}

function newClient(label, apiKey = API_KEY) {
  const transcript = [];
  const tinode = new Tinode({
    appName: 'broker-sdk-e2e',
    host: HOST,
    apiKey,
    transport: TRANSPORT,
    secure: false,
    persist: false,
  }, err => {
    if (err) {
      record(`storage init failed: ${describeError(err)}`);
    }
  });
  function record(line) {
    const entry = `${new Date().toISOString().substring(11, 23)} ${label} ${line}`;
    transcript.push(entry.length > 600 ? `${entry.substring(0, 600)}...` : entry);
    if (transcript.length > 400) {
      transcript.shift();
    }
    if (TRACE) {
      console.log(`     ${entry}`);
    }
  }
  // The SDK reports every frame it sends ("out: ...") and receives ("in: ...") through its logger.
  tinode.logger = (str, ...args) => {
    const rest = args.map(a => (a instanceof Error ? describeError(a) : typeof a === 'string' ? a : show(a))).join(' ');
    record(rest ? `${str} ${rest}` : str);
  };
  const client = { label, tinode, transcript, record, disconnected: false };
  clients.push(client);
  return client;
}

// Connects and waits for the {ctrl} reply to the SDK's automatic {hi}: tinode.connect() itself resolves as
// soon as the WebSocket is open, and the SDK sends {hi} from its onOpen handler.
async function connect(client) {
  const { tinode, label } = client;
  client.record(`connecting to ${ENDPOINT}?apikey=${API_KEY}`);
  await new Promise((resolve, reject) => {
    tinode.onConnect = () => resolve();
    // The SDK reports a failed WebSocket handshake twice: onDisconnect (synchronously, generic "Connection
    // failed (503)") and the rejected connect() promise (carrying the real cause, e.g. ECONNREFUSED or
    // "Unexpected server response: 404"). Give the latter a moment to win.
    tinode.onDisconnect = err => setTimeout(() => reject(new StepError(
      `${label}: connection lost before the {hi} handshake completed: ${describeError(err)}`)), 50);
    tinode.connect().catch(err => {
      client.record(`WebSocket error: ${describeError(err)}`);
      reject(new StepError(`${label}: connection to ${ENDPOINT} failed: ${describeError(err)}`));
    });
  });
  tinode.onDisconnect = err => {
    client.disconnected = true;
    if (!shuttingDown) {
      client.record(`unexpected disconnect: ${describeError(err)}`);
      abort(new StepError(`${label}: the server closed the connection unexpectedly: ${describeError(err)}`));
    }
  };
}

async function disconnect(client) {
  if (client.disconnected || !client.tinode.isConnected()) {
    return;
  }
  await new Promise(resolve => {
    const timer = setTimeout(resolve, 3_000);
    client.tinode.onDisconnect = () => {
      client.disconnected = true;
      clearTimeout(timer);
      resolve();
    };
    client.tinode.disconnect();
  });
}

function dumpTranscripts() {
  for (const c of clients) {
    console.error(`----- wire transcript: ${c.label} (last ${c.transcript.length} lines) -----`);
    for (const line of c.transcript) {
      console.error(line);
    }
  }
}

function abort(err) {
  if (finished) {
    return;
  }
  finished = true;
  shuttingDown = true;
  const msg = err instanceof StepError ? err.message : (err && err.stack) || String(err);
  console.log(`FAIL ${currentStep}: ${msg}`);
  dumpTranscripts();
  process.exit(1);
}

process.on('unhandledRejection', err => {
  if (shuttingDown) {
    return;
  }
  abort(new StepError(`unhandled rejection inside the SDK (a request it sent on its own got an error ` +
    `or no reply): ${describeError(err)}`));
});
process.on('uncaughtException', err => abort(err));

const watchdog = setTimeout(() => abort(new StepError(`overall timeout of ${OVERALL_TIMEOUT_MS / 1000} s exceeded`)),
  OVERALL_TIMEOUT_MS);

// ---------------------------------------------------------------------------------------------
// Scenario.
// ---------------------------------------------------------------------------------------------
async function main() {
  const run = crypto.randomBytes(4).toString('hex');
  const aliceLogin = `alice${run}`;
  const bobLogin = `bob${run}`;
  const alicePass = `pw-a-${crypto.randomBytes(6).toString('hex')}`;
  const bobPass = `pw-b-${crypto.randomBytes(6).toString('hex')}`;
  const groupTitle = `SDK e2e group ${run}`;

  console.log(`tinode-sdk ${Tinode.getVersion()} (${Tinode.getLibrary()}), node ${process.version}, broker ${ENDPOINT}`);

  const alice = newClient('alice');
  const bob = newClient('bob');
  let aliceUid;
  let bobUid;

  await step('a client with a wrong API key is refused with HTTP 403 before any frame', async () => {
    const intruder = newClient('intruder', WRONG_API_KEY);
    let error = null;
    try {
      await connect(intruder);
    } catch (err) {
      error = err;
    }
    // The SDK reconnects on its own after a failed connection: stop it, or its retries get 403 in the background.
    intruder.tinode.onDisconnect = () => {};
    intruder.tinode.disconnect();
    intruder.disconnected = true;
    check(error !== null, 'the broker accepted a WebSocket with a wrong API key');
    check(/403/.test(describeError(error)), `expected an HTTP 403 refusal, got: ${describeError(error)}`);
    return describeError(error);
  });

  await step('alice and bob connect ({hi} handshake)', async () => {
    await Promise.all([connect(alice), connect(bob)]);
    const info = alice.tinode.getServerInfo();
    return `server params: ${show(info)}`;
  });

  async function createAccount(client, login, pass, fn) {
    let ctrl;
    try {
      ctrl = await client.tinode.createAccountBasic(login, pass, { public: { fn } });
    } catch (err) {
      fail(`${client.label}: createAccountBasic("${login}") was rejected: ${describeError(err)}`);
    }
    checkCtrl(ctrl, `${client.label}: {acc} reply`);
    const uid = ctrl.params && ctrl.params.user;
    check(typeof uid === 'string' && uid.startsWith('usr'),
      `${client.label}: {acc} reply must carry params.user = "usr..." (got ${show(ctrl.params)})`);
    check(client.tinode.isAuthenticated(),
      `${client.label}: not authenticated after createAccountBasic(login=true); the {acc} reply must be 2xx with params.user`);
    check(client.tinode.getCurrentUserID() === uid, `${client.label}: getCurrentUserID() !== params.user`);
    return uid;
  }

  await step('alice and bob create accounts with createAccountBasic (login=true)', async () => {
    aliceUid = await createAccount(alice, aliceLogin, alicePass, `Alice ${run}`);
    bobUid = await createAccount(bob, bobLogin, bobPass, `Bob ${run}`);
    check(aliceUid !== bobUid, `both accounts got the same user id ${aliceUid}`);
    return `alice=${aliceUid} (${aliceLogin}), bob=${bobUid} (${bobLogin})`;
  });

  // ----- group topic -----
  let groupName;
  let aGrp;
  await step('alice creates a group topic (subscribe to "new...")', async () => {
    const tmpName = alice.tinode.newGroupTopicName(); // "new" + request id, as the web app does
    aGrp = alice.tinode.getTopic(tmpName);
    let ctrl;
    try {
      ctrl = await aGrp.subscribe(aGrp.startMetaQuery().withDesc().withSub().build(),
        { desc: { public: { fn: groupTitle } } });
    } catch (err) {
      fail(`{sub topic:"${tmpName}"} was rejected: ${describeError(err)}`);
    }
    checkCtrl(ctrl, '{sub new} reply');
    check(typeof ctrl.topic === 'string' && ctrl.topic.startsWith('grp'),
      `the {ctrl} reply to {sub topic:"${tmpName}"} must name the created topic in ctrl.topic ("grp..."), got ${show(ctrl.topic)}`);
    groupName = ctrl.topic;
    check(aGrp.name === groupName && alice.tinode.getTopic(groupName) === aGrp,
      'the SDK did not rename the new topic to ctrl.topic');
    check(aGrp.isSubscribed(), 'the group topic is not marked as subscribed');
    await waitFor('alice to get owner access on the new group (ctrl.params.acs or {meta desc} acs = {want,given,mode} with "O")',
      () => accessMode(aGrp) && accessMode(aGrp).isOwner());
    return `${groupName}, acs=${aGrp.getAccessMode().toString()}`;
  });

  const bGrpMsgs = [];
  let bGrp;
  await step('bob subscribes to the group by name', async () => {
    bGrp = bob.tinode.getTopic(groupName);
    bGrp.onData = msg => { if (msg) bGrpMsgs.push(msg); };
    let ctrl;
    try {
      ctrl = await bGrp.subscribe(bGrp.startMetaQuery().withDesc().withSub().withLaterData(24).build());
    } catch (err) {
      fail(`bob's {sub topic:"${groupName}"} was rejected: ${describeError(err)}`);
    }
    checkCtrl(ctrl, `bob {sub ${groupName}} reply`);
    check(ctrl.topic === groupName, `ctrl.topic must be "${groupName}", got ${show(ctrl.topic)}`);
    check(bGrp.isSubscribed(), 'bob is not marked as subscribed');
    await waitFor('bob to get read+write access (ctrl.params.acs or {meta desc} acs)',
      () => accessMode(bGrp) && accessMode(bGrp).isReader() && accessMode(bGrp).isWriter());
    await waitFor(`{meta desc} with public.fn="${groupTitle}" (set by alice in {sub set.desc})`,
      () => bGrp.public && bGrp.public.fn === groupTitle);
    return `acs=${bGrp.getAccessMode().toString()}`;
  });

  async function publish(topic, text, who) {
    let ack;
    try {
      ack = await topic.publish(text);
    } catch (err) {
      fail(`${who}: publish to ${topic.name} threw: ${describeError(err)}`);
    }
    // topic.publish() swallows server errors and resolves with undefined; the error frame is in the transcript.
    checkCtrl(ack, `${who}: {pub} ack on ${topic.name}`);
    const seq = ack.params && ack.params.seq;
    check(Number.isInteger(seq) && seq > 0, `${who}: the {pub} ack must carry params.seq (a positive integer), got ${show(ack.params)}`);
    return seq;
  }

  function checkData(msg, { topic, from, seq, content }, who) {
    check(msg.topic === topic, `${who}: {data}.topic must be "${topic}", got ${show(msg.topic)}`);
    check(msg.from === from, `${who}: {data}.from must be "${from}", got ${show(msg.from)}`);
    check(msg.seq === seq, `${who}: {data}.seq must be ${seq}, got ${show(msg.seq)}`);
    check(msg.content === content, `${who}: {data}.content must be ${show(content)}, got ${show(msg.content)}`);
    check(msg.ts instanceof Date, `${who}: {data}.ts was not parsed as a date (${show(msg.ts)}); use RFC 3339 UTC with at most 3 fractional digits`);
  }

  const groupSeqs = [];
  const groupTexts = [];
  await step('alice publishes to the group; bob receives the {data}', async () => {
    const text = `group message #1 (${run})`;
    const seq = await publish(aGrp, text, 'alice');
    check(seq === 1, `the first message in a topic must get seq 1 (the SDK's gap detection counts from 1), got ${seq}`);
    groupSeqs.push(seq);
    groupTexts.push(text);
    const msg = await waitFor(`bob to receive {data seq:${seq}} on ${groupName} via topic.onData`,
      () => bGrpMsgs.find(m => m.seq === seq));
    checkData(msg, { topic: groupName, from: aliceUid, seq, content: text }, 'bob');
    return `seq=${seq}`;
  });

  await step('alice publishes three more messages (consecutive seq ids)', async () => {
    for (let i = 2; i <= 4; i++) {
      const text = `group message #${i} (${run})`;
      const seq = await publish(aGrp, text, 'alice');
      check(seq === groupSeqs[groupSeqs.length - 1] + 1,
        `seq ids must be consecutive: got ${seq} after ${groupSeqs[groupSeqs.length - 1]}`);
      groupSeqs.push(seq);
      groupTexts.push(text);
    }
    await waitFor('bob to receive all four group messages live',
      () => groupSeqs.every(s => bGrpMsgs.some(m => m.seq === s)));
    return `seq=${groupSeqs.join(',')}`;
  });

  // ----- history on a fresh session -----
  const bob2 = newClient('bob#2');
  await step('bob logs in on a second connection with loginBasic (a wrong password is refused first)', async () => {
    await connect(bob2);
    let rejected = null;
    try {
      await bob2.tinode.loginBasic(bobLogin, `${bobPass}-wrong`);
    } catch (err) {
      rejected = err;
    }
    check(rejected, 'loginBasic with a wrong password succeeded');
    check(rejected.code >= 400 && rejected.code < 500,
      `a wrong password must be refused with a 4xx {ctrl} (Tinode: 401), got ${describeError(rejected)}`);
    let ctrl;
    try {
      ctrl = await bob2.tinode.loginBasic(bobLogin, bobPass);
    } catch (err) {
      fail(`loginBasic("${bobLogin}") with the right password was rejected: ${describeError(err)}`);
    }
    checkCtrl(ctrl, '{login} reply');
    check(ctrl.params && ctrl.params.user === bobUid,
      `the {login} reply must carry params.user = "${bobUid}", got ${show(ctrl.params)}`);
    check(bob2.tinode.isAuthenticated(), 'not authenticated after loginBasic');
    return `wrong password -> ${rejected.code}; then ${ctrl.code} user=${ctrl.params.user}`;
  });

  // The SDK calls topic.onAllMessagesReceived(params.count) for a 2xx {ctrl} with params.what == "data", on a
  // timer queued after the routing of the {data} frames that preceded it: once it fires, the cache is complete.
  let b2AllReceived = [];
  const b2AllReceivedText = 'the {ctrl params:{what:"data", count}} that must close every {get data} reply';
  await step('bob#2 subscribes with {get data limit:2} and gets the 2 newest messages', async () => {
    const b2Grp = bob2.tinode.getTopic(groupName);
    b2Grp.onAllMessagesReceived = count => b2AllReceived.push(count);
    let ctrl;
    try {
      ctrl = await b2Grp.subscribe(b2Grp.startMetaQuery().withDesc().withLaterData(2).build());
    } catch (err) {
      fail(`{sub ${groupName}} was rejected: ${describeError(err)}`);
    }
    checkCtrl(ctrl, `bob#2 {sub ${groupName}} reply`);
    const newest = groupSeqs.slice(-2);
    await waitFor(b2AllReceivedText, () => b2AllReceived.length > 0);
    const seqs = [];
    b2Grp.messages(m => seqs.push(m.seq));
    check(show(seqs) === show(newest),
      `{sub get:{what:"data desc", data:{limit:2}}} must deliver the 2 newest messages (seq ${show(newest)}), got seq ${show(seqs)}`);
    check(b2AllReceived[0] === 2, `the closing {ctrl} must carry params.count = 2, got ${show(b2AllReceived[0])}`);
    return `seq=${seqs.join(',')}`;
  });

  await step('bob#2 fetches the earlier history with getMessagesPage', async () => {
    const b2Grp = bob2.tinode.getTopic(groupName);
    const min = b2Grp.minMsgSeq();
    const max = b2Grp.maxMsgSeq() + 1;
    const gaps = b2Grp.msgHasMoreMessages(min, max, false);
    check(gaps.length === 1 && gaps[0].low === groupSeqs[0] && gaps[0].hi === min,
      `the SDK computed unexpected gaps ${show(gaps)} (cached seq ${min}..${max - 1})`);
    b2AllReceived = [];
    let ctrl;
    try {
      // Sends {get what:"data", data:{ranges:[{low,hi}], limit}}, as the web app does when scrolling up.
      ctrl = await b2Grp.getMessagesPage(24, gaps, min, max, false);
    } catch (err) {
      fail(`getMessagesPage was rejected: ${describeError(err)}`);
    }
    check(ctrl && isOk(ctrl), `getMessagesPage must resolve with the 2xx {ctrl} that follows the {data}, got ${show(ctrl)}`);
    check(ctrl.params && ctrl.params.what === 'data' && ctrl.params.count === 2,
      `the {ctrl} after the {data} must carry params {what:"data", count:2} (Tinode: 208 "delivered"), got ${show(ctrl.params)}`);
    // The ctrl resolves the promise before the preceding {data} frames are routed (the SDK routes them on a
    // setTimeout(0)), so wait for onAllMessagesReceived.
    await waitFor(b2AllReceivedText, () => b2AllReceived.length > 0);
    const got = [];
    b2Grp.messages(m => got.push(m));
    check(show(got.map(m => m.seq)) === show(groupSeqs),
      `history must hold seq ${show(groupSeqs)} in order, got ${show(got.map(m => m.seq))}`);
    got.forEach((m, i) => checkData(m, { topic: groupName, from: aliceUid, seq: groupSeqs[i], content: groupTexts[i] }, 'bob#2'));
    return `count=${ctrl.params.count}, history seq=${got.map(m => m.seq).join(',')}`;
  });

  // ----- p2p -----
  const aP2pMsgs = [];
  const aP2pInfo = [];
  let aP2p;
  let p2pSeq;
  const p2pText = `hello bob, this is alice (${run})`;
  await step('alice subscribes to bob\'s user id (p2p) and sends a message', async () => {
    aP2p = alice.tinode.getTopic(bobUid);
    aP2p.onData = msg => { if (msg) aP2pMsgs.push(msg); };
    aP2p.onInfo = info => aP2pInfo.push(info);
    let ctrl;
    try {
      ctrl = await aP2p.subscribe(aP2p.startMetaQuery().withDesc().withSub().withLaterData(24).build());
    } catch (err) {
      fail(`{sub topic:"${bobUid}"} was rejected: ${describeError(err)}`);
    }
    checkCtrl(ctrl, `alice {sub ${bobUid}} reply`);
    check(ctrl.topic === bobUid,
      `for a p2p topic the server must address the client by the peer's user id: ctrl.topic must be "${bobUid}", got ${show(ctrl.topic)}`);
    check(aP2p.isSubscribed() && aP2p.isP2PType(), 'alice\'s p2p topic is not subscribed');
    p2pSeq = await publish(aP2p, p2pText, 'alice');
    return `topic=${aP2p.name}, seq=${p2pSeq}`;
  });

  const bP2pMsgs = [];
  let bP2p;
  await step('bob subscribes to alice\'s user id and gets the message', async () => {
    bP2p = bob.tinode.getTopic(aliceUid);
    bP2p.onData = msg => { if (msg) bP2pMsgs.push(msg); };
    let ctrl;
    try {
      ctrl = await bP2p.subscribe(bP2p.startMetaQuery().withDesc().withSub().withLaterData(24).build());
    } catch (err) {
      fail(`{sub topic:"${aliceUid}"} was rejected: ${describeError(err)}`);
    }
    checkCtrl(ctrl, `bob {sub ${aliceUid}} reply`);
    check(ctrl.topic === aliceUid, `bob's p2p ctrl.topic must be "${aliceUid}" (alice's user id), got ${show(ctrl.topic)}`);
    const msg = await waitFor(`bob to receive {data seq:${p2pSeq}} on ${aliceUid} (history or live)`,
      () => bP2pMsgs.find(m => m.seq === p2pSeq));
    checkData(msg, { topic: aliceUid, from: aliceUid, seq: p2pSeq, content: p2pText }, 'bob');
    return `seq=${msg.seq}`;
  });

  await step('alice finds bob in fnd by typing his login (his basic:<login> tag, Auth:Basic:AddToTags)', async () => {
    const fnd = alice.tinode.getFndTopic();
    try {
      await fnd.subscribe();
      await fnd.setMeta({ desc: { public: bobLogin } });
      await fnd.getMeta(fnd.startMetaQuery().withSub().build());
    } catch (err) {
      fail(`searching fnd for "${bobLogin}" was rejected: ${describeError(err)}`);
    }
    const found = await waitFor(`alice's fnd topic to list bob (${bobUid}) for the query "${bobLogin}"`, () => {
      const contacts = [];
      fnd.contacts(c => contacts.push(c));
      return contacts.find(c => c.topic === bobUid || c.user === bobUid);
    });
    check(show(found.private) === show([`basic:${bobLogin}`]), `the found contact's private must be the matched tag basic:${bobLogin}, got ${show(found.private)}`);
    return `found ${found.topic} by its login`;
  });

  await step('bob tags himself on me (keeping his restricted basic: tag); alice finds him through fnd by tag and by alias', async () => {
    const tag = `sdk${run}`;
    const alias = `alias:bob${run}`;
    const me = bob.tinode.getMeTopic();
    let ctrl;
    try {
      await me.subscribe(me.startMetaQuery().withTags().build());
    } catch (err) {
      fail(`bob's {sub me get tags} was rejected: ${describeError(err)}`);
    }
    const held = await waitFor(`bob's {meta tags} on "me" (me.tags())`, () => (me.tags().length > 0 ? me.tags() : null));
    check(held.includes(`basic:${bobLogin}`), `bob's tags must hold basic:${bobLogin}, got ${show(held)}`);
    try {
      ctrl = await me.setMeta({ tags: [...held, tag, alias] });
      await me.leave();
    } catch (err) {
      fail(`{set me tags} was rejected: ${describeError(err)}`);
    }
    checkCtrl(ctrl, '{set me tags} reply');
    const fnd = alice.tinode.getFndTopic();
    try {
      await fnd.subscribe();
      await fnd.setMeta({ desc: { public: `${tag} nobody${run},${alias}` } });
      await fnd.getMeta(fnd.startMetaQuery().withSub().build());
    } catch (err) {
      fail(`searching with fnd was rejected: ${describeError(err)}`);
    }
    const found = await waitFor(`alice's fnd topic to list bob (${bobUid}) among its contacts`, () => {
      const contacts = [];
      fnd.contacts(c => contacts.push(c));
      return contacts.find(c => c.topic === bobUid || c.user === bobUid);
    });
    check(found.public && found.public.fn === `Bob ${run}`, `the found contact must carry bob's public, got ${show(found.public)}`);
    let unique;
    try {
      unique = await fnd.checkTagUniqueness(alias, aliceUid);
    } catch (err) {
      fail(`checkTagUniqueness was rejected: ${describeError(err)}`);
    }
    check(unique === false, `checkTagUniqueness("${alias}") must report the alias as taken by bob, got ${show(unique)}`);
    return `found ${found.topic}, private=${show(found.private)}`;
  });

  await step('alice uploads a picture with the SDK\'s LargeFileHelper and sends it; bob downloads it with authorizeURL', async () => {
    const picture = crypto.randomBytes(300_000);
    let url;
    try {
      url = await alice.tinode.getLargeFileHelper().upload(new Blob([picture], { type: 'image/png' }));
    } catch (err) {
      fail(`POST /v0/file/u/ failed: ${describeError(err)}`);
    }
    check(typeof url === 'string' && url.startsWith('/v0/file/s/'), `the upload must answer params.url "/v0/file/s/...", got ${show(url)}`);
    const content = Drafty.attachFile(null, { mime: 'image/png', filename: 'picture.png', size: picture.length, refurl: url });
    const seq = await publish(aP2p, content, 'alice');
    const msg = await waitFor(`bob to receive the attachment {data seq:${seq}}`, () => bP2pMsgs.find(m => m.seq === seq));
    const ref = msg.content && msg.content.ent && msg.content.ent[0] && msg.content.ent[0].data && msg.content.ent[0].data.ref;
    check(ref === url, `bob's {data} must carry the attachment's ref ${url}, got ${show(msg.content)}`);
    const res = await fetch(`http://${HOST}${bob.tinode.authorizeURL(ref)}`);
    check(res.status === 200, `GET ${ref} with authorizeURL's apikey/auth/secret must answer 200, got ${res.status}`);
    check(res.headers.get('content-type') === 'image/png', `the download's content type must be image/png, got ${res.headers.get('content-type')}`);
    const body = Buffer.from(await res.arrayBuffer());
    check(body.equals(picture), `the downloaded bytes differ from the upload (${body.length} of ${picture.length} bytes)`);
    const anonymous = await fetch(`http://${HOST}${ref}?apikey=${API_KEY}`);
    check(anonymous.status === 401, `GET with the API key but no token must answer 401, got ${anonymous.status}`);
    return `url=${url}, ${body.length} bytes`;
  });

  await step('alice subscribes to "me"; bob coming online and going offline reaches her as {pres} on "me"', async () => {
    const me = alice.tinode.getMeTopic();
    const updates = [];
    me.onContactUpdate = (what, cont) => updates.push({ what, user: cont && cont.name });
    let ctrl;
    try {
      ctrl = await me.subscribe(me.startMetaQuery().withDesc().withSub().build());
    } catch (err) {
      fail(`alice's {sub me} was rejected: ${describeError(err)}`);
    }
    checkCtrl(ctrl, 'alice {sub me} reply');
    const bobMe = bob.tinode.getMeTopic();
    checkCtrl(await bobMe.subscribe(bobMe.startMetaQuery().withDesc().build()), 'bob {sub me} reply');
    await waitFor(`{pres what:"on" src:"${bobUid}"} on alice's "me" (onContactUpdate("on"))`,
      () => updates.find(u => u.what === 'on' && u.user === bobUid));
    checkCtrl(await bobMe.leave(), 'bob {leave me} reply');
    await waitFor(`{pres what:"off" src:"${bobUid}"} on alice's "me" (onContactUpdate("off"))`,
      () => updates.find(u => u.what === 'off' && u.user === bobUid));
    return show(updates);
  });

  await step('bob marks the message read (noteRead); alice gets {info what:"read"}', async () => {
    bP2p.noteRead(p2pSeq);
    const info = await waitFor(`{info what:"read" from:"${bobUid}" seq:${p2pSeq}} on alice's topic ${bobUid}`,
      () => aP2pInfo.find(i => i.what === 'read' && i.from === bobUid));
    check(info.topic === bobUid, `{info}.topic must be "${bobUid}" (the name alice uses), got ${show(info.topic)}`);
    check(info.seq === p2pSeq, `{info read}.seq must be ${p2pSeq}, got ${show(info.seq)}`);
    return show(info);
  });

  await step('bob types (noteKeyPress); alice gets {info what:"kp"}', async () => {
    bP2p.noteKeyPress();
    const info = await waitFor(`{info what:"kp" from:"${bobUid}"} on alice's topic ${bobUid}`,
      () => aP2pInfo.find(i => i.what === 'kp' && i.from === bobUid));
    check(info.topic === bobUid, `{info}.topic must be "${bobUid}", got ${show(info.topic)}`);
    return show(info);
  });

  await step('alice leaves the group', async () => {
    let ctrl;
    try {
      ctrl = await aGrp.leave();
    } catch (err) {
      fail(`{leave ${groupName}} was rejected: ${describeError(err)}`);
    }
    checkCtrl(ctrl, '{leave} reply');
    check(!aGrp.isSubscribed(), 'the group is still marked as subscribed after {leave}');
    return `code=${ctrl.code}`;
  });

  // ----- channel: created as nch..., read as chn... -----
  await step('alice creates a channel (nch...); bob reads it as chn... and gets her post without the sender, and cannot post', async () => {
    const aChan = alice.tinode.getTopic(alice.tinode.newGroupTopicName(true));
    let ctrl;
    try {
      ctrl = await aChan.subscribe(aChan.startMetaQuery().withDesc().build(), { desc: { public: { fn: `SDK channel ${run}` } } });
    } catch (err) {
      fail(`{sub nch...} was rejected: ${describeError(err)}`);
    }
    checkCtrl(ctrl, '{sub nch...} reply');
    check(typeof ctrl.topic === 'string' && ctrl.topic.startsWith('grp'), `the channel must be created as "grp...", got ${show(ctrl.topic)}`);
    const chnName = `chn${ctrl.topic.substring(3)}`;
    const bChan = bob.tinode.getTopic(chnName);
    const received = [];
    bChan.onData = msg => { if (msg) received.push(msg); };
    try {
      ctrl = await bChan.subscribe(bChan.startMetaQuery().withDesc().build());
    } catch (err) {
      fail(`bob's {sub ${chnName}} was rejected: ${describeError(err)}`);
    }
    checkCtrl(ctrl, `bob {sub ${chnName}} reply`);
    check(ctrl.topic === chnName, `ctrl.topic must be "${chnName}", got ${show(ctrl.topic)}`);
    await waitFor('bob to get reader access JRP on the channel', () => accessMode(bChan) && accessMode(bChan).isReader() && !accessMode(bChan).isWriter());
    await waitFor(`{meta desc} of the channel with public.fn`, () => bChan.public && bChan.public.fn === `SDK channel ${run}`);
    const text = `channel post (${run})`;
    const seq = await publish(aChan, text, 'alice');
    const msg = await waitFor(`bob to receive {data seq:${seq}} on ${chnName}`, () => received.find(m => m.seq === seq));
    check(msg.topic === chnName, `{data}.topic must be "${chnName}", got ${show(msg.topic)}`);
    check(!msg.from, `a channel reader must get {data} without from, got ${show(msg.from)}`);
    let refused;
    try {
      refused = await bChan.publish('reader post');
    } catch (err) {
      refused = err;
    }
    check(!isOk(refused), `a channel reader's {pub} must be refused, got ${show(refused)}`);
    await waitFor('the 403 refusing the reader\'s {pub} in bob\'s transcript', () => bob.transcript.some(line => line.includes('"code":403')));
    return `${ctrl.topic} read as ${chnName}`;
  });

  await step('everyone disconnects', async () => {
    // Let the SDK's delayed {note what:"recv"} timers (100 ms after each {data}) fire first.
    await sleep(250);
    shuttingDown = true;
    await Promise.all(clients.map(disconnect));
    return `${clients.length} connections closed`;
  });
}

main().then(() => {
  finished = true;
  clearTimeout(watchdog);
  console.log(`PASS: all ${stepNo} steps`);
  process.exit(0);
}, err => abort(err));
