/**
 * The inbox page served at `/`: every accepted message grouped by distinct_id, newest first, and
 * the latest refused requests with their reason (a misspelt event, a wrong key), updated live from
 * `/_emulator/stream`. Self-contained (inline CSS and JS); all user content is
 * escaped on the server and inserted with escaping in the browser.
 */
import type { InappRecord } from './inapp-types.js';
import type { MessageRecord, RequestLogEntry } from './types.js';

/** The in-app messages an accepted message became (one per in-app token it reached). */
export type InappLookup = (messageId: string) => InappRecord[];

/** Most messages rendered into the initial page; the rest stay in `/_emulator/messages`. */
const MAX_RENDERED = 500;

/** Most refused requests the page lists (all of them stay in `/_emulator/requests`). */
export const MAX_REFUSED_SHOWN = 20;

/** HTML-escape text for element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Render the full inbox page for the given messages (oldest first, as stored). */
export function renderInboxPage(messages: MessageRecord[], workspaceId: string, inapp: InappLookup = () => [], refused: RequestLogEntry[] = []): string {
  const renderCard = (m: MessageRecord): string => card(m, inapp(m.id));
  const recent = messages.slice(-MAX_RENDERED).reverse();
  const groups = new Map<string, MessageRecord[]>();
  for (const m of recent) {
    const key = m.distinct_id ?? '';
    const list = groups.get(key);
    if (list) list.push(m);
    else groups.set(key, [m]);
  }
  let body = '';
  for (const [key, list] of groups) body += renderGroup(key, list, renderCard);
  const note = messages.length > MAX_RENDERED ? `<p class="note">Showing the latest ${MAX_RENDERED} of ${messages.length} messages.</p>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fyno emulator inbox</title>
<style>${CSS}</style>
</head>
<body>
<header>
  <h1>Fyno emulator inbox</h1>
  <span class="ws">workspace <code>${escapeHtml(workspaceId)}</code></span>
  <span class="count"><b id="count">${messages.length}</b> messages</span>
  <span id="live" class="live off" title="live updates from /_emulator/stream">offline</span>
  <button id="clear" type="button">Clear</button>
</header>
<main>
${note}<p id="empty" class="empty"${messages.length > 0 ? ' hidden' : ''}>No messages yet. Send an event to <code>/v1/${escapeHtml(workspaceId)}/live/event</code>.</p>
<section id="rejected" class="rejected"${refused.length > 0 ? '' : ' hidden'}><h2>Rejected requests</h2><ol id="rejected-list">${refused.map(renderRefused).join('')}</ol></section>
<div id="groups">${body}</div>
</main>
<script>${SCRIPT}</script>
</body>
</html>`;
}

function renderRefused(entry: RequestLogEntry): string {
  return `<li><span class="status">${entry.status ?? '-'}</span> <code>${escapeHtml(entry.method)} ${escapeHtml(entry.path)}</code> <span class="reason">${escapeHtml(entry.reason ?? '')}</span><time datetime="${escapeHtml(entry.timestamp)}">${escapeHtml(readableTime(entry.timestamp))}</time></li>`;
}

function renderGroup(key: string, list: MessageRecord[], renderCard: (m: MessageRecord) => string): string {
  const title = key === '' ? '<span class="muted">no profile</span>' : escapeHtml(key);
  return `<section class="group" data-group="${escapeHtml(key)}"><h2>${title}</h2><div class="cards">${list.map(renderCard).join('')}</div></section>`;
}

function card(m: MessageRecord, inapp: InappRecord[]): string {
  let rows = '';
  for (const channel in m.channels) {
    rows += `<tr><th>${escapeHtml(channel)}</th><td>${escapeHtml(m.channels[channel] ?? '')}</td></tr>`;
  }
  for (const channel in m.skipped ?? {}) {
    const skip = m.skipped?.[channel];
    if (skip) {
      rows += `<tr class="skipped" data-skipped="${escapeHtml(channel)}"><th>${escapeHtml(channel)}</th><td><s>${escapeHtml(skip.destination)}</s> <span class="why">not sent: ${escapeHtml(skip.detail)}</span></td></tr>`;
    }
  }
  if (rows === '') rows = '<tr><td class="muted">no channel resolved</td></tr>';
  // What the in-app user did with it: the page is rendered on request, so a reload shows it.
  for (const r of inapp) {
    const state = r.deleted ? 'deleted' : r.message.isRead ? 'read' : 'unread';
    rows += `<tr><th>in-app ${escapeHtml(r.message.to)}</th><td><span class="inapp ${state}" data-inapp-state="${state}">${state}</span></td></tr>`;
  }
  const topic = m.topic ? `<span class="tag" title="subscription topic ${escapeHtml(m.topic.subscription_id)}">${escapeHtml(m.topic.name)}</span>` : '';
  const otp = m.otp === undefined ? '' : `<p class="otp">OTP <code data-otp>${escapeHtml(m.otp)}</code></p>`;
  const seq = m.bulk ? `<span class="tag">bulk #${m.seq ?? ''}</span>` : '';
  const data = m.data === undefined ? '' : `<pre class="data">${escapeHtml(JSON.stringify(m.data, null, 2))}</pre>`;
  return `<article class="card"><div class="top"><span class="event">${escapeHtml(m.event)}</span><span class="ver ${m.version}">${m.version}</span>${topic}${seq}<time datetime="${escapeHtml(m.received_at)}">${escapeHtml(readableTime(m.received_at))}</time></div><table>${rows}</table>${otp}${data}</article>`;
}

/** `2026-01-02T03:04:05.678Z` → `2026-01-02 03:04:05.678 UTC`. */
function readableTime(iso: string): string {
  return iso.replace('T', ' ').replace('Z', ' UTC');
}

const CSS = `
:root{--bg:#f6f7f9;--card:#fff;--ink:#1d2330;--muted:#6b7385;--line:#e3e6ec;--live:#0f7b4a;--test:#9a5b00}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--ink)}
header{position:sticky;top:0;display:flex;gap:16px;align-items:center;padding:12px 24px;background:#1d2330;color:#fff;z-index:1}
header h1{font-size:16px;margin:0 8px 0 0}header code{color:#cfe3ff}.count{margin-left:auto}
button{font:inherit;border:1px solid #fff5;background:transparent;color:#fff;border-radius:6px;padding:4px 12px;cursor:pointer}
.live{font-size:12px;padding:2px 8px;border-radius:10px;background:#2f7d4f}.live.off{background:#7d2f2f}
main{max-width:960px;margin:0 auto;padding:16px 24px}
.group h2{font-size:15px;margin:20px 0 8px}.cards{display:grid;gap:10px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.top{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}.event{font-weight:600}
.ver{font-size:11px;font-weight:600;text-transform:uppercase;padding:1px 6px;border-radius:4px}
.ver.live{background:#e3f5ec;color:var(--live)}.ver.test{background:#fdf0dc;color:var(--test)}
.tag{font-size:11px;color:var(--muted);border:1px solid var(--line);border-radius:4px;padding:0 5px}
time{margin-left:auto;color:var(--muted);font-size:12px}
table{border-collapse:collapse;margin-top:6px}th{text-align:left;font-weight:500;color:var(--muted);padding:1px 12px 1px 0}td{padding:1px 0;word-break:break-all}
.data{background:#f1f3f6;border-radius:6px;padding:8px;margin:8px 0 0;overflow:auto;max-height:240px;font-size:12px}
.inapp{font-size:11px;font-weight:600;padding:1px 6px;border-radius:4px;background:#e8eefc;color:#2446a8}.inapp.read{background:#eef0f3;color:var(--muted)}.inapp.deleted{background:#fbe9e9;color:#9b2c2c;text-decoration:line-through}
.skipped th,.skipped s{color:var(--muted)}.why{color:#9a3b00;font-size:12px}.otp{margin:6px 0 0}.otp code{font-size:16px;font-weight:600;letter-spacing:2px}
.muted{color:var(--muted);font-style:italic}.empty,.note{color:var(--muted)}
.rejected{background:#fff4f2;border:1px solid #f3c7bf;border-radius:8px;padding:8px 14px;margin-bottom:12px}
.rejected h2{font-size:14px;margin:0 0 4px;color:#9b2c1a}.rejected ol{list-style:none;margin:0;padding:0}
.rejected li{display:flex;gap:8px;align-items:baseline;flex-wrap:wrap;padding:2px 0}.rejected .status{font-weight:600;color:#9b2c1a}
.rejected code{word-break:break-all}
`;

// Plain ES5-style script with no template literals, so it can live inside this TS template.
const SCRIPT = `
(function(){
  function esc(s){return String(s).replace(/&/g,'&amp;').replace(/</g,'&lt;').replace(/>/g,'&gt;').replace(/"/g,'&quot;').replace(/'/g,'&#39;');}
  var groups=document.getElementById('groups'),count=document.getElementById('count'),empty=document.getElementById('empty'),live=document.getElementById('live');
  var byKey=new Map();
  Array.prototype.forEach.call(groups.children,function(g){byKey.set(g.getAttribute('data-group'),g);});
  function card(m){
    var rows='';
    for(var ch in m.channels){rows+='<tr><th>'+esc(ch)+'</th><td>'+esc(m.channels[ch])+'</td></tr>';}
    var sk=m.skipped||{};
    for(var s in sk){rows+='<tr class="skipped" data-skipped="'+esc(s)+'"><th>'+esc(s)+'</th><td><s>'+esc(sk[s].destination)+'</s> <span class="why">not sent: '+esc(sk[s].detail)+'</span></td></tr>';}
    if(!rows)rows='<tr><td class="muted">no channel resolved</td></tr>';
    var topic=m.topic?'<span class="tag">'+esc(m.topic.name)+'</span>':'';
    var otp=m.otp===undefined?'':'<p class="otp">OTP <code data-otp>'+esc(m.otp)+'</code></p>';
    var seq=m.bulk?'<span class="tag">bulk #'+esc(m.seq)+'</span>':'';
    var data=m.data===undefined?'':'<pre class="data">'+esc(JSON.stringify(m.data,null,2))+'</pre>';
    var ver=m.version==='test'?'test':'live';
    var el=document.createElement('article');el.className='card';
    el.innerHTML='<div class="top"><span class="event">'+esc(m.event)+'</span><span class="ver '+ver+'">'+ver+'</span>'+seq+'<time>'+esc(String(m.received_at).replace('T',' ').replace('Z',' UTC'))+'</time></div><table>'+rows+'</table>'+data;
    return el;
  }
  function add(m){
    var key=m.distinct_id==null?'':String(m.distinct_id);
    var g=byKey.get(key);
    if(!g){
      g=document.createElement('section');g.className='group';g.setAttribute('data-group',key);
      var h=document.createElement('h2');
      if(key){h.textContent=key;}else{h.innerHTML='<span class="muted">no profile</span>';}
      var cards=document.createElement('div');cards.className='cards';
      g.appendChild(h);g.appendChild(cards);byKey.set(key,g);
    }
    var list=g.querySelector('.cards');list.insertBefore(card(m),list.firstChild);
    groups.insertBefore(g,groups.firstChild);
    count.textContent=String(Number(count.textContent)+1);empty.hidden=true;
  }
  function reset(){groups.textContent='';byKey.clear();count.textContent='0';empty.hidden=false;}
  var rejected=document.getElementById('rejected'),rejectedList=document.getElementById('rejected-list');
  function refuse(r){
    var li=document.createElement('li');
    li.innerHTML='<span class="status">'+esc(r.status==null?'-':r.status)+'</span> <code>'+esc(r.method+' '+r.path)+'</code> <span class="reason">'+esc(r.reason||'')+'</span><time>'+esc(String(r.timestamp).replace('T',' ').replace('Z',' UTC'))+'</time>';
    rejectedList.insertBefore(li,rejectedList.firstChild);
    while(rejectedList.children.length>${MAX_REFUSED_SHOWN})rejectedList.removeChild(rejectedList.lastChild);
    rejected.hidden=false;
  }
  document.getElementById('clear').addEventListener('click',function(){
    fetch('_emulator/messages',{method:'DELETE'});fetch('_emulator/requests',{method:'DELETE'});
    rejectedList.textContent='';rejected.hidden=true;
  });
  if(window.EventSource){
    var es=new EventSource('_emulator/stream');
    es.onopen=function(){live.className='live';live.textContent='connected';};
    es.onerror=function(){live.className='live off';live.textContent='offline';};
    es.addEventListener('message',function(e){add(JSON.parse(e.data));});
    es.addEventListener('clear',reset);
    es.addEventListener('rejected',function(e){refuse(JSON.parse(e.data));});
  }
})();
`;
