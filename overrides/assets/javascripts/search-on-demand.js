/* Casebiblioteket: the search index is fetched when the reader searches.
 *
 * Material asks for search/search_index.json as soon as any page opens; at a
 * few thousand cases that is megabytes on every page view, mostly by readers
 * who never search. This script runs before Material's bundle and holds that
 * one request back until the reader shows the intent to search: focus on a
 * search field, Material's search keys (f, s, /), opening the search on a
 * phone, or an address with ?q= (a shared search) or ?h= (words to mark on a
 * page opened from a search result). Every other request goes
 * through untouched. The offline copy reads its index from the disk, so
 * nothing is held back there.
 *
 * On the hosted site the script tag names the site's own search worker
 * (data-kb-search-worker: Pagefind, see workers/kb-search.js), and this
 * script gives Material that worker instead of its lunr one, before Material
 * reads its settings. That worker fetches the text of the best pages only, so
 * the count Material shows would be the pages shown; it is rewritten to say
 * how many matched.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var worker = script && script.getAttribute("data-kb-search-worker");
  var settings = document.getElementById("__config");
  if (worker && settings && window.location.protocol !== "file:" && typeof Worker === "function") {
    var config = JSON.parse(settings.textContent);
    config.search = worker;
    settings.textContent = JSON.stringify(config);
    countAllMatches(worker);
  }

  function countAllMatches(url) {
    var Native = window.Worker;
    window.Worker = function (scriptUrl, options) {
      var instance = new Native(scriptUrl, options);
      if (String(scriptUrl) === url) {
        instance.addEventListener("message", function (event) {
          var data = event.data && event.data.data;
          if (data && typeof data.total === "number" && data.total > data.items.length) {
            /* after Material's own listener has written its count */
            setTimeout(function () { showTotal(data.items.length, data.total); }, 0);
          }
        });
      }
      return instance;
    };
    window.Worker.prototype = Native.prototype;
  }

  function showTotal(shown, total) {
    var meta = document.querySelector(".md-search-result__meta");
    if (meta) {
      meta.textContent = "De " + shown + " bedste af " + total.toLocaleString("da-DK") +
        " resultater. Skriv flere ord for at få færre.";
    }
  }

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
  var waiting = [];
  /* ?q= is a shared search; ?h= marks the words of a search result just opened, which needs the index too. */
  var wanted = /[?&][qh]=/.test(window.location.search);

  XMLHttpRequest.prototype.open = function (method, url) {
    this.kbSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.kbSearchIndex && !wanted) {
      waiting.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function want() {
    if (wanted) {
      return;
    }
    wanted = true;
    waiting.splice(0).forEach(function (held) { send.apply(held[0], held[1]); });
  }

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[type=search], .md-search__input")) {
      want();
    }
  });
  document.addEventListener("keydown", function (event) {
    var typing = event.target.matches && event.target.matches("input, textarea, select, [contenteditable]");
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && /^[fs/]$/i.test(event.key)) {
      want();
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search") {  /* the search toggle Material uses on small screens */
      want();
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("label[for=__search]")) {
      want();
    }
  });
})();
