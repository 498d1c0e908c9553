/* Threadline web chat widget: plain browser JavaScript, no build step.
 * <script src="https://…/chat/widget.js" data-workspace="…"></script>
 * Talks to channel-social over WebSocket (/chat/ws next to this script). */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.dataset.workspace) return;
  var workspace = script.dataset.workspace;
  var base = new URL(script.src, location.href);
  var socketUrl = (base.protocol === 'https:' ? 'wss://' : 'ws://') + base.host + '/chat/ws';
  var english = /^en\b/i.test(document.documentElement.lang || '');
  var T = english
    ? {
        open: 'Chat with us',
        title: 'Chat',
        name: 'Your name (optional)',
        email: 'E-mail (optional)',
        emailRequired: 'E-mail (needed for our answer)',
        start: 'Start chat',
        send: 'Send',
        end: 'End chat',
        placeholder: 'Type a message…',
        offline: 'Nobody is online right now. Leave a message and your e-mail: we will answer by e-mail.',
        ended: 'The chat has ended. Write again to start a new one.',
        sending: 'sending…',
        retry: 'Connection lost, reconnecting…',
        you: 'You',
        agent: 'Support',
        badEmail: 'Please give a valid e-mail address.',
        agentTyping: 'Agent is typing…',
        read: 'Read',
        surveyOptOut: 'No more surveys, please',
        surveyThanks: 'Thank you for your rating!',
        surveyOptedOut: 'Understood: we will not ask you again.',
        surveyAnswered: 'This survey has its answer already.',
        surveyGone: 'This survey can no longer be answered.',
        surveyRetry: 'Your rating was not saved, please try again.',
      }
    : {
        open: 'Napisz do nas',
        title: 'Czat',
        name: 'Imię (opcjonalnie)',
        email: 'E-mail (opcjonalnie)',
        emailRequired: 'E-mail (potrzebny do odpowiedzi)',
        start: 'Rozpocznij czat',
        send: 'Wyślij',
        end: 'Zakończ czat',
        placeholder: 'Napisz wiadomość…',
        offline: 'Nasi konsultanci są teraz niedostępni. Zostaw wiadomość i adres e-mail — odpowiemy mailem.',
        ended: 'Czat zakończony. Napisz ponownie, aby rozpocząć nowy.',
        sending: 'wysyłanie…',
        retry: 'Utracono połączenie, łączę ponownie…',
        you: 'Ty',
        agent: 'Obsługa',
        badEmail: 'Podaj poprawny adres e-mail.',
        agentTyping: 'Konsultant pisze…',
        read: 'Przeczytane',
        surveyOptOut: 'Nie chcę więcej ankiet',
        surveyThanks: 'Dziękujemy za ocenę!',
        surveyOptedOut: 'Rozumiemy: nie będziemy więcej pytać.',
        surveyAnswered: 'Ta ankieta ma już odpowiedź.',
        surveyGone: 'Tej ankiety nie można już wypełnić.',
        surveyRetry: 'Nie udało się zapisać oceny, spróbuj ponownie.',
      };

  function randomId() {
    var bytes = new Uint8Array(18);
    crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return ('0' + b.toString(16)).slice(-2);
      })
      .join('');
  }
  function stored(key, make) {
    var value = null;
    try {
      value = localStorage.getItem(key);
    } catch {
      /* private mode: per page load */
    }
    if (!value && make) {
      value = make();
      try {
        localStorage.setItem(key, value);
      } catch {
        /* ignore */
      }
    }
    return value;
  }
  function store(key, value) {
    try {
      localStorage.setItem(key, value);
    } catch {
      /* ignore */
    }
  }

  var visitorId = stored('threadline-chat-visitor', randomId);
  var profile = { name: stored('threadline-chat-name') || '', email: stored('threadline-chat-email') || '' };
  var state = {
    ws: null,
    online: true,
    ready: false,
    started: !!profile.email || !!stored('threadline-chat-started'),
    pending: [],
    seen: {},
    delay: 500,
    // Typing goes out at most every TYPING_EVERY_MS; the agent's shows for TYPING_SHOWN_MS after their last signal.
    typingSentAt: 0,
    typingTimer: null,
    // The newest agent line shown, and the newest one we told the server the visitor saw.
    lastAgentLine: null,
    readSent: null,
  };
  var TYPING_EVERY_MS = 2000;
  var TYPING_SHOWN_MS = 6000;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, attrs[k]);
    });
    if (text) node.textContent = text;
    return node;
  }
  var css =
    '#tl-chat{position:fixed;right:16px;bottom:16px;font:14px/1.4 system-ui,sans-serif;z-index:2147483000}' +
    '#tl-chat button{cursor:pointer}#tl-chat-toggle{padding:10px 16px;border-radius:20px;border:0;background:#2b59c3;color:#fff}' +
    '#tl-chat-panel{display:none;width:320px;height:440px;background:#fff;border:1px solid #ccd;border-radius:8px;flex-direction:column;box-shadow:0 4px 16px #0003}' +
    '#tl-chat.open #tl-chat-panel{display:flex}#tl-chat.open #tl-chat-toggle{display:none}' +
    '#tl-chat header{padding:8px 12px;background:#2b59c3;color:#fff;display:flex;justify-content:space-between;align-items:center}' +
    '#tl-chat header button{background:none;border:1px solid #fff8;color:#fff;border-radius:4px}' +
    '#tl-chat-log{flex:1;overflow:auto;padding:8px}#tl-chat-log p{margin:4px 0;padding:6px 8px;border-radius:6px;max-width:85%}' +
    '#tl-chat-log .visitor{background:#e6edfb;margin-left:auto}#tl-chat-log .agent{background:#f1f1f1}#tl-chat-log .note{color:#666;font-style:italic;background:none}' +
    '#tl-chat-typing{padding:0 12px 4px;color:#666;font-style:italic;min-height:1.4em}#tl-chat-log .tl-read{font-size:11px;color:#2b59c3}' +
    '#tl-chat-privacy{padding:0 8px 8px;color:#666;font-size:11px}' +
    '#tl-chat-survey{margin:8px 0;padding:8px;border:1px solid #ccd;border-radius:6px}#tl-chat-survey p{margin:0 0 6px}' +
    '#tl-chat-survey .tl-survey-scores{display:flex;flex-wrap:wrap;gap:4px;margin-bottom:6px}#tl-chat-survey .tl-survey-scores button{min-width:28px}' +
    '#tl-chat-survey .tl-survey-optout{background:none;border:0;color:#2b59c3;text-decoration:underline;padding:0}#tl-chat-survey small{display:block;color:#666;font-size:11px;margin-top:6px}' +
    '#tl-chat form{display:flex;flex-direction:column;gap:6px;padding:8px;border-top:1px solid #eee}#tl-chat input,#tl-chat textarea{font:inherit;padding:6px}';
  document.head.appendChild(el('style', {}, css));

  var root = el('div', { id: 'tl-chat' });
  var toggle = el('button', { id: 'tl-chat-toggle', type: 'button' }, T.open);
  var panel = el('div', { id: 'tl-chat-panel', role: 'dialog', 'aria-label': T.title });
  var header = el('header', {}, '');
  header.appendChild(el('strong', {}, T.title));
  var endButton = el('button', { id: 'tl-chat-end', type: 'button' }, T.end);
  header.appendChild(endButton);
  var log = el('div', { id: 'tl-chat-log', 'aria-live': 'polite' });
  var notice = el('p', { id: 'tl-chat-notice', class: 'note' });
  var typing = el('div', { id: 'tl-chat-typing', 'aria-live': 'polite' });
  // What the workspace tells visitors about their data (its chat notice), under the form.
  var privacy = el('small', { id: 'tl-chat-privacy' });
  var form = el('form', { id: 'tl-chat-form' });
  var nameInput = el('input', { id: 'tl-chat-name', name: 'name', placeholder: T.name, autocomplete: 'name' });
  var emailInput = el('input', {
    id: 'tl-chat-email',
    name: 'email',
    type: 'email',
    placeholder: T.email,
    autocomplete: 'email',
  });
  var text = el('textarea', { id: 'tl-chat-text', rows: '2', placeholder: T.placeholder });
  var send = el('button', { id: 'tl-chat-send', type: 'submit' }, T.send);
  nameInput.value = profile.name;
  emailInput.value = profile.email;
  [nameInput, emailInput, text, send].forEach(function (n) {
    form.appendChild(n);
  });
  log.appendChild(notice);
  [header, log, typing, form, privacy].forEach(function (n) {
    panel.appendChild(n);
  });
  root.appendChild(toggle);
  root.appendChild(panel);
  document.body.appendChild(root);
  toggle.addEventListener('click', function () {
    root.classList.add('open');
    text.focus();
    reportRead();
  });
  document.addEventListener('visibilitychange', reportRead);

  function showLine(line, pending) {
    if (state.seen[line.id]) {
      var known = state.seen[line.id];
      known.removeAttribute('data-pending');
      known.title = '';
      return;
    }
    var p = el('p', { class: line.from, 'data-id': line.id }, line.text);
    if (pending) {
      p.setAttribute('data-pending', 'true');
      p.title = T.sending;
    }
    state.seen[line.id] = p;
    log.appendChild(p);
    log.scrollTop = log.scrollHeight;
    if (line.from === 'agent') state.lastAgentLine = line.id;
  }
  function sendFrame(frame) {
    if (state.ready) state.ws.send(JSON.stringify(frame));
  }
  /** Tells the server the visitor has seen the agent's lines so far: only while the chat is open and the page visible. */
  function reportRead() {
    if (!state.ready || !state.lastAgentLine || state.lastAgentLine === state.readSent) return;
    if (!root.classList.contains('open') || document.visibilityState !== 'visible') return;
    state.readSent = state.lastAgentLine;
    sendFrame({ type: 'read', lineId: state.lastAgentLine });
  }
  /** The agent has read the visitor's lines up to `lineId`: each is marked, the newest says so. */
  function showReadUpTo(lineId) {
    var lines = Array.prototype.slice.call(log.querySelectorAll('p.visitor'));
    var upTo = lines.findIndex(function (p) {
      return p.getAttribute('data-id') === lineId;
    });
    if (upTo < 0) return;
    var label = log.querySelector('.tl-read') || el('span', { class: 'tl-read' }, ' ✓ ' + T.read);
    lines.slice(0, upTo + 1).forEach(function (p) {
      p.setAttribute('data-read', 'true');
    });
    lines[upTo].appendChild(label);
  }
  function showAgentTyping(on) {
    clearTimeout(state.typingTimer);
    typing.textContent = on ? T.agentTyping : '';
    if (on)
      state.typingTimer = setTimeout(function () {
        showAgentTyping(false);
      }, TYPING_SHOWN_MS);
  }
  /** The one-question survey (its scores as buttons, "no more surveys", the notice): after the chat ended or its ticket was closed. */
  function showSurvey(survey) {
    var old = document.getElementById('tl-chat-survey');
    if (old) old.remove();
    var box = el('div', { id: 'tl-chat-survey', role: 'group', 'data-session': survey.sessionId });
    box.appendChild(el('p', { class: 'tl-survey-question' }, english ? survey.question.en : survey.question.pl));
    var scores = el('div', { class: 'tl-survey-scores' });
    for (var score = survey.min; score <= survey.max; score++) {
      scores.appendChild(el('button', { type: 'button', 'data-score': String(score) }, String(score)));
    }
    box.appendChild(scores);
    box.appendChild(el('button', { type: 'button', class: 'tl-survey-optout' }, T.surveyOptOut));
    box.appendChild(el('p', { class: 'tl-survey-status', 'aria-live': 'polite' }));
    box.appendChild(el('small', {}, english ? survey.notice.en : survey.notice.pl));
    box.addEventListener('click', function (event) {
      var button = event.target;
      if (button.tagName !== 'BUTTON' || box.getAttribute('data-pending')) return;
      var frame = { type: 'survey', sessionId: survey.sessionId };
      if (button.hasAttribute('data-score')) frame.score = Number(button.getAttribute('data-score'));
      else frame.optOut = true;
      box.setAttribute('data-pending', 'true');
      sendFrame(frame);
      if (!state.ready) surveyDone(T.surveyRetry, false);
    });
    log.appendChild(box);
    log.scrollTop = log.scrollHeight;
  }
  /** The survey's end: its buttons go (or stay, to try again), and a line says what happened. */
  function surveyDone(text, final) {
    var box = document.getElementById('tl-chat-survey');
    if (!box) return;
    box.removeAttribute('data-pending');
    box.querySelector('.tl-survey-status').textContent = text;
    if (final) {
      box.setAttribute('data-done', 'true');
      box.querySelectorAll('button').forEach(function (b) {
        b.remove();
      });
    }
  }
  var SURVEY_ERRORS = {
    SURVEY_ALREADY_ANSWERED: [T.surveyAnswered, true],
    SURVEY_NOT_FOUND: [T.surveyGone, true],
    SURVEY_SCORE_OUT_OF_RANGE: [T.surveyRetry, false],
    SURVEY_NOT_SAVED: [T.surveyRetry, false],
  };
  function showForm() {
    var needsEmail = !state.online;
    var showProfile = !state.started || (needsEmail && !profile.email);
    nameInput.style.display = emailInput.style.display = showProfile ? '' : 'none';
    emailInput.placeholder = needsEmail ? T.emailRequired : T.email;
    emailInput.required = needsEmail;
    notice.textContent = state.online ? '' : T.offline;
    notice.style.display = state.online ? 'none' : '';
  }

  function connect() {
    var ws = new WebSocket(socketUrl);
    state.ws = ws;
    ws.onopen = function () {
      state.delay = 500;
      var hello = { type: 'hello', workspace: workspace, visitorId: visitorId };
      if (profile.name) hello.name = profile.name;
      if (profile.email) hello.email = profile.email;
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = function (event) {
      var frame = JSON.parse(event.data);
      if (frame.type === 'welcome') {
        state.ready = true;
        state.online = frame.online;
        privacy.textContent = frame.notice ? (english ? frame.notice.en : frame.notice.pl) : '';
        frame.history.forEach(function (line) {
          showLine(line, false);
        });
        if (frame.history.length) state.started = true;
        if (frame.read.visitor) state.readSent = frame.read.visitor;
        if (frame.read.agent) showReadUpTo(frame.read.agent);
        if (frame.survey) showSurvey(frame.survey);
        showForm();
        reportRead();
        // Messages the last connection never acknowledged: the server recognises repeats by id.
        state.pending.forEach(function (m) {
          ws.send(JSON.stringify(m));
        });
      } else if (frame.type === 'ack') {
        state.pending = state.pending.filter(function (m) {
          return m.id !== frame.id;
        });
        showLine({ id: frame.id }, false);
      } else if (frame.type === 'message') {
        showLine(frame.line, false);
        showAgentTyping(false);
        reportRead();
      } else if (frame.type === 'typing') {
        showAgentTyping(true);
      } else if (frame.type === 'read') {
        showReadUpTo(frame.lineId);
      } else if (frame.type === 'closed') {
        log.querySelectorAll('p:not(#tl-chat-notice)').forEach(function (p) {
          p.remove();
        });
        state.seen = {};
        state.lastAgentLine = state.readSent = null;
        log.appendChild(el('p', { class: 'note' }, T.ended));
        if (frame.survey) showSurvey(frame.survey);
        ws.send(JSON.stringify({ type: 'hello', workspace: workspace, visitorId: visitorId }));
      } else if (frame.type === 'survey') {
        showSurvey(frame.survey);
      } else if (frame.type === 'survey-answered') {
        surveyDone(frame.outcome === 'opted-out' ? T.surveyOptedOut : T.surveyThanks, true);
      } else if (frame.type === 'error' && SURVEY_ERRORS[frame.code] && document.getElementById('tl-chat-survey')) {
        surveyDone(SURVEY_ERRORS[frame.code][0], SURVEY_ERRORS[frame.code][1]);
      } else if (frame.type === 'error') {
        if (frame.code === 'EMAIL_REQUIRED') {
          state.online = false;
          showForm();
          emailInput.style.display = '';
          emailInput.focus();
        }
        log.appendChild(el('p', { class: 'note' }, frame.message));
      }
    };
    ws.onclose = function () {
      state.ready = false;
      setTimeout(connect, state.delay);
      state.delay = Math.min(state.delay * 2, 10000);
    };
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var body = text.value.trim();
    var email = emailInput.value.trim();
    if (email && !emailInput.checkValidity()) {
      notice.style.display = '';
      notice.textContent = T.badEmail;
      return;
    }
    if (!state.online && !email) {
      emailInput.focus();
      return;
    }
    if (!body) return;
    profile.name = nameInput.value.trim();
    profile.email = email;
    store('threadline-chat-name', profile.name);
    store('threadline-chat-email', profile.email);
    store('threadline-chat-started', '1');
    state.started = true;
    var message = { type: 'message', id: randomId(), text: body };
    if (profile.name) message.name = profile.name;
    if (profile.email) message.email = profile.email;
    state.pending.push(message);
    showLine({ id: message.id, from: 'visitor', text: body }, true);
    text.value = '';
    showForm();
    sendFrame(message);
  });
  text.addEventListener('input', function () {
    var now = Date.now();
    if (!text.value.trim() || now - state.typingSentAt < TYPING_EVERY_MS) return;
    state.typingSentAt = now;
    sendFrame({ type: 'typing' });
  });
  // The panel stays open on the end screen: the survey, when the workspace asks one, shows there.
  endButton.addEventListener('click', function () {
    sendFrame({ type: 'close' });
  });
  connect();
})();
