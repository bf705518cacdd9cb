// Abusive clients for a soak run (loopback only, bounded in time): malformed and oversized frames, binary frames,
// floods past the rate limit, frames before {hi}, wrong passwords, and clients that connect and never read.
// Usage: NODE_PATH=<folder with ws> node tools/soak/abuser.mjs ws://127.0.0.1:6070/v0/channels <seconds>
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const WebSocket = require('ws');

const url = process.argv[2];
const seconds = Number(process.argv[3] ?? 60);
if (!/^ws:\/\/(127\.|localhost|\[::1\])/.test(url)) { console.error('loopback only'); process.exit(2); }
const deadline = Date.now() + seconds * 1000;
const counts = { connections: 0, closedByServer: 0, frames: 0 };

function once(kind) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    counts.connections++;
    const done = () => { clearTimeout(timer); resolve(); };
    const timer = setTimeout(() => { ws.terminate(); done(); }, 3000);
    ws.on('close', () => { counts.closedByServer++; done(); });
    ws.on('error', done);
    ws.on('open', () => {
      const send = (x) => { counts.frames++; ws.send(x); };
      switch (kind % 7) {
        case 0: for (let i = 0; i < 50; i++) send('{"pub":'); break;                                 // malformed
        case 1: send(Buffer.from([1, 2, 3]), { binary: true }); break;                               // binary → 1003
        case 2: send('{"hi":{"id":"1","ver":"0.25","ua":"' + 'x'.repeat(300 * 1024) + '"}}'); break; // oversize → 1009
        case 3: for (let i = 0; i < 1000; i++) send('{"get":{"id":"' + i + '","topic":"me","what":"desc"}}'); break; // flood
        case 4: send('{"hi":{"id":"1","ver":"0.25"}}');
                for (let i = 0; i < 20; i++) send('{"login":{"id":"' + i + '","scheme":"basic","secret":"' + Buffer.from('victim:wrong' + i).toString('base64') + '"}}');
                break;                                                                               // login guessing
        case 5: ws._socket.pause(); for (let i = 0; i < 200; i++) send('{"hi":{"id":"' + i + '"}}'); break; // never reads
        case 6: send('{"sub":{"id":"1","topic":"grpAAAAAAAAAAAA"}}'); send('{"note":{"topic":"x","what":"kp"}}'); break; // before hi
      }
    });
  });
}

let kind = 0;
const workers = Array.from({ length: 8 }, async () => { while (Date.now() < deadline) await once(kind++); });
await Promise.all(workers);
console.log(JSON.stringify(counts));
