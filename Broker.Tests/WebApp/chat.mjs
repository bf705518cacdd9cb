// Drives Tinode's web app (served by the broker under test) in headless Chromium: two users sign up through the
// app's form, the first opens a p2p chat by the second's user id, and they exchange messages, each seeing the
// other's live. Run by WebAppBrowserTests: node chat.mjs <app url> <screenshot folder>.
// Env: CHROMIUM (default /usr/bin/chromium), TRACE_FRAMES=1 prints every WebSocket frame.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const [url, shots] = process.argv.slice(2);
const timeout = 15_000;
const suffix = String(Date.now() % 1_000_000);
fs.mkdirSync(shots, { recursive: true });

// Playwright launches Chromium with a fresh temporary --user-data-dir of its own; each user gets its own context
// (separate storage), as two people on two browsers would.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});

function log(...args) {
  console.error(new Date().toISOString(), ...args);
}

async function signUp(name) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  const user = { name, page, id: null };
  page.on('pageerror', e => log(name, 'page error', e.message));
  page.on('websocket', ws => {
    ws.on('framereceived', f => {
      const text = String(f.payload);
      const m = text.match(/"user":"(usr[A-Za-z0-9_-]{11})","authlvl"/);
      if (m) user.id = m[1];
      if (process.env.TRACE_FRAMES) log(name, '<<', text.slice(0, 600));
    });
    ws.on('framesent', f => { if (process.env.TRACE_FRAMES) log(name, '>>', String(f.payload).slice(0, 600)); });
  });
  await page.goto(url);
  await page.click('text=person_add');
  await page.fill('input[placeholder="Login"]', name + suffix);
  await page.fill('input[placeholder="Password"]', name + '-secret');
  await page.fill('input[placeholder^="Full name"]', name);
  await page.fill('input[type="email"]', `${name}${suffix}@example.com`);
  await page.click('button:has-text("Sign up")');
  await page.waitForSelector('text=You have no chats');
  if (!user.id) throw new Error(`${name}: no user id seen after sign-up`);
  log(name, 'signed up as', user.id);
  return user;
}

async function send(user, text) {
  await user.page.fill('textarea[placeholder="New message"]', text);
  await user.page.keyboard.press('Enter');
}

async function expectText(user, text) {
  await user.page.waitForSelector(`#messages-panel >> text="${text}"`).catch(async () => {
    await user.page.waitForSelector(`text="${text}"`);
  });
  log(user.name, 'sees', JSON.stringify(text));
}

let failed = false;
try {
  const alice = await signUp('alice');
  const bob = await signUp('bob');

  // Alice starts a p2p chat by Bob's user id.
  await alice.page.click('text=chat');
  await alice.page.click('a:has-text("by id")');
  await alice.page.fill('input[placeholder="Group or User ID"]', bob.id);
  await alice.page.click('button:has-text("Subscribe")');
  await alice.page.waitForSelector('textarea[placeholder="New message"]');
  await send(alice, 'Hello Bob, this is Alice');
  await expectText(alice, 'Hello Bob, this is Alice');

  // Bob sees the chat appear in his list, opens it and reads Alice's message.
  await bob.page.click('text=alice');
  await expectText(bob, 'Hello Bob, this is Alice');
  await send(bob, 'Hi Alice! Bob here');
  await expectText(bob, 'Hi Alice! Bob here');

  // Alice sees Bob's reply live, and they go on.
  await expectText(alice, 'Hi Alice! Bob here');
  await send(alice, 'See you at noon');
  await expectText(bob, 'See you at noon');

  await alice.page.screenshot({ path: path.join(shots, 'webapp-alice.png') });
  await bob.page.screenshot({ path: path.join(shots, 'webapp-bob.png') });
  console.log(JSON.stringify({ ok: true, alice: alice.id, bob: bob.id }));
} catch (e) {
  failed = true;
  for (const context of browser.contexts()) {
    for (const [i, page] of context.pages().entries()) {
      await page.screenshot({ path: path.join(shots, `failure-${browser.contexts().indexOf(context)}-${i}.png`) }).catch(() => {});
    }
  }
  console.log(JSON.stringify({ ok: false, error: String(e && e.stack || e) }));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
