/* Casebiblioteket: the hosted site's search worker.
 *
 * Material's search box talks to a worker in four messages: SETUP (its
 * index), READY, QUERY (what the reader typed) and RESULT (pages, each with
 * its sections). Material lets a site give its own worker, and this is ours:
 * it answers from the Pagefind index that scripts/site_search.py writes, which
 * fetches only the chunks for the words typed, instead of building lunr from
 * the whole library in the browser. The offline copy keeps Material's worker
 * (Pagefind cannot load from file://); both treat what is typed the same way:
 *
 * - a word spelt without æ, ø, å (velfaerd, hjemlos, boern) also finds the
 *   words spelt with them;
 * - a half-typed word finds the words it starts (Pagefind does this itself),
 *   and if nothing starts that way, the same word a letter or two shorter;
 * - a word of five letters or more that is nowhere in the library is read as
 *   the library's word one edit away (Holstbro → Holstebro);
 * - cases come first, list pages last (the pages' `rang`, set in main.html).
 *
 * The variants come from the site's word list (search/words/xx.json: every
 * word once, with the number of pages it is on, filed by the first two
 * letters of its folded form, so one small file answers for a typed word).
 *
 * The Zensical build's search dialog speaks another dialect over the same four
 * message numbers: its QUERY carries an object ({input, filter, aggregation,
 * page}) where Material's carries the typed text, and its RESULT is one page
 * of results ({items, pagination}), each a page of the site, which
 * search-on-demand.js hands the dialog. The worker answers each in the
 * dialect it was asked in; the search behind both is the same.
 */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;  /* Material's SearchMessageType */
var SHOWN = 20;              /* pages whose text is fetched and shown; the count says how many matched */
var SECTIONS = 3;            /* sections shown under a page */
var VARIANT_WEIGHT = 0.5;    /* a page found through a variant ranks below one found as typed */
var ALONE_WEIGHT = 0.25;     /* and a page with only one of several words below both */
var RANK_WEIGHT = { "1": 2, "2": 1 };  /* cases (rang 1) before other pages; list pages (3) after both */
var FUZZY_MIN = 5;
var EMPTY_WAIT_MS = 50;
/* Danish endings, longest first: what an inflected word may have beyond the form the pages use. */
var ENDINGS = ["erne", "ene", "ers", "ens", "ets", "er", "en", "et", "es", "ne", "e", "s", "r", "t", "n"];
var EXCERPT_WORDS = 24;      /* words in a result's excerpt */
var EXCERPT_BEFORE = 6;      /* of them, before the first found word */
var SHORTEN_MIN = 4;
var PAGE_SIZE = 20;          /* Zensical's dialog: results per page; it asks for the next page as the reader scrolls */

var BASE = new URL("../../../", self.location.href);
var WORD = /[0-9a-zæøåéüöä]+/g;
var FOLDS = [["æ", "ae"], ["ø", "o"], ["oe", "o"], ["å", "a"], ["aa", "a"], ["é", "e"], ["ü", "u"], ["ö", "o"], ["ä", "ae"]];

var pagefind = null;
var shards = {};

/* Must match scripts/site_search.py `fold`. */
function fold(word) {
  var folded = word.toLowerCase();
  FOLDS.forEach(function (pair) { folded = folded.split(pair[0]).join(pair[1]); });
  return folded;
}

/* Pagefind's calls one at a time, across queries too: overlapping searches (a reader typing fast)
 * can leave one of them waiting for ever on the index they share. */
var queue = Promise.resolve();
function inTurn(call) {
  var turn = queue.then(call);
  queue = turn.catch(function () {});
  return turn;
}

function engine() {
  if (!pagefind) {
    pagefind = import(new URL("pagefind/pagefind.js", BASE).href).then(function (module) {
      return module.options({ basePath: new URL("pagefind/", BASE).href, noWorker: true })
        .then(function () { return module; });
    });
  }
  return pagefind;
}

function shard(word) {
  var key = fold(word).slice(0, 2);
  if (!(key in shards)) {
    shards[key] = fetch(new URL("search/words/" + encodeURIComponent(key) + ".json", BASE).href)
      .then(function (response) { return response.ok ? response.json() : {}; })
      .catch(function () { return {}; });
  }
  return shards[key];
}

/* Optimal string alignment distance, stopping early once it is over 1: a transposition counts as one edit. */
function withinOneEdit(a, b) {
  if (Math.abs(a.length - b.length) > 1) {
    return false;
  }
  var previous2 = null, previous = [], i, j;
  for (j = 0; j <= b.length; j++) { previous.push(j); }
  for (i = 1; i <= a.length; i++) {
    var row = [i], best = i;
    for (j = 1; j <= b.length; j++) {
      var cost = a[i - 1] === b[j - 1] ? 0 : 1;
      var value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (previous2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, previous2[j - 2] + 1);
      }
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > 1) {
      return false;
    }
    previous2 = previous;
    previous = row;
  }
  return previous[b.length] <= 1;
}

/* The start of `word` (as the library spells it) that folds to `folded`: børnene, "born" → "børn". */
function spelledStart(word, folded) {
  for (var end = 1; end <= word.length; end++) {
    var start = fold(word.slice(0, end));
    if (start === folded) {
      return word.slice(0, end);
    }
    if (start.length > folded.length) {
      break;
    }
  }
  return null;
}

/* The best few of a tally {word: pages}. */
function best(tally, count) {
  return Object.keys(tally).sort(function (a, b) { return tally[b] - tally[a] || a.length - b.length; })
    .slice(0, count);
}

/* What else to try for a typed word. `found`: Pagefind finds it as typed (stemmed, or as the start of
 * a word). Other spellings are always tried; a shorter start and a near word only when it finds nothing. */
function variants(term, words, found) {
  var folded = fold(term), spelled = {}, shorter = {}, near = {};
  /* Pagefind also answers a word it lacks with words that start like it (hjemlos → "Hjem"), so its
   * hits alone do not say the library has the word: a word must start with what was typed, or with
   * it less an ending (flygtningene → flygtning…). */
  var starts = [term].concat(ENDINGS.filter(function (ending) {
    return term.length - ending.length >= SHORTEN_MIN && term.slice(-ending.length) === ending;
  }).map(function (ending) { return term.slice(0, -ending.length); }));
  var inLibrary = found && Object.keys(words).some(function (word) {
    return starts.some(function (start) { return word.indexOf(start) === 0; });
  });
  Object.keys(words).forEach(function (word) {
    if (word.indexOf(term) !== 0 && fold(word).indexOf(folded) === 0) {
      var start = spelledStart(word, folded);
      if (start && start !== term) {
        spelled[start] = (spelled[start] || 0) + words[word];
      }
    }
  });
  var others = best(spelled, 2);
  if (inLibrary || others.length) {
    return { asTyped: inLibrary, others: others };
  }
  for (var cut = 1; cut <= 2 && term.length - cut >= SHORTEN_MIN; cut++) {
    var start = term.slice(0, term.length - cut);
    Object.keys(words).forEach(function (word) {
      if (word.indexOf(start) === 0) {
        shorter[start] = (shorter[start] || 0) + words[word];
      }
    });
    if (Object.keys(shorter).length) {
      return { asTyped: false, others: [start] };
    }
  }
  if (term.length >= FUZZY_MIN) {
    Object.keys(words).forEach(function (word) {
      if (withinOneEdit(folded, fold(word))) {
        near[word] = words[word];
      }
    });
  }
  var nearest = best(near, 2);
  /* Nothing better: keep what Pagefind found for the word as typed. */
  return { asTyped: found && !nearest.length, others: nearest };
}

/* The queries to run: all words (as typed where the library has them, else their best variant),
 * then one word at a time replaced by its other variants; with several words, each word alone too,
 * ranked lower, so a page that lacks one word is still found and shows it as missing, as Material's
 * own search does. A word the library has in no form is left out and shown as missing. */
function plans(terms, found) {
  var usable = [];
  terms.forEach(function (term, i) {
    if (found[i].asTyped || found[i].others.length) {
      usable.push(i);
    }
  });
  function spelled(i) { return found[i].asTyped ? terms[i] : found[i].others[0]; }
  function weight(indexes) {
    return indexes.every(function (i) { return found[i].asTyped; }) ? 1 : VARIANT_WEIGHT;
  }
  if (!usable.length) {
    return [];
  }
  var list = [{ words: usable.map(spelled), covers: usable, weight: weight(usable) }];
  usable.forEach(function (i, position) {
    found[i].others.forEach(function (other) {
      if (other !== spelled(i)) {
        var words = usable.map(spelled);
        words[position] = other;
        list.push({ words: words, covers: usable, weight: VARIANT_WEIGHT });
      }
    });
  });
  if (usable.length > 1) {
    usable.forEach(function (i) {
      list.push({ words: [spelled(i)], covers: [i], weight: weight([i]) * ALONE_WEIGHT });
    });
  }
  return list;
}

/* Pagefind keeps the pages' text as text (entities decoded), so all of it is escaped. */
function escapeText(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/* Zensical's dialog reads a result's title, path and text as markup (its tags become elements, with
 * their attributes) and decodes only &amp;, &lt; and &gt; in the text between them: those three are
 * escaped, and a quote, which is text there, stays a quote. */
function escapeMarkup(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/* The excerpt: the words around the first match, each escaped, the found ones marked. Built here
 * from the page's text and the found words' places, because Pagefind's own excerpt puts its <mark>s
 * into the raw text, where a page quoting "<mark>" could not be told from them. Pagefind counts
 * places in the text split at white space, as here. */
function excerptHtml(content, locations, escape) {
  escape = escape || escapeText;
  var words = String(content || "").split(/[\r\n\s]+/g);
  var found = {};
  (locations || []).forEach(function (place) { found[place] = true; });
  var first = (locations && locations.length) ? Math.min.apply(null, locations) : 0;
  var start = Math.max(0, Math.min(first - EXCERPT_BEFORE, words.length - EXCERPT_WORDS));
  return words.slice(start, start + EXCERPT_WORDS).map(function (word, i) {
    return found[start + i] ? "<mark>" + escape(word) + "</mark>" : escape(word);
  }).join(" ");
}

/* Mark the words searched for in a title (Pagefind marks only excerpts): a title word that starts
 * with a searched word (bostø → bostøtten), or that a searched word starts with (flygtningene →
 * flygtninge: the same word inflected). */
function markTitle(title, words, escape) {
  escape = escape || escapeText;
  var searched = words.map(fold).filter(function (w) { return w.length > 1; });
  /* Words and what lies between them are escaped one by one, so a mark never lands inside an entity. */
  return String(title).split(/([0-9A-Za-zÆØÅæøåÉéÜüÖöÄä]+)/).map(function (piece, i) {
    if (i % 2 === 0) {
      return escape(piece);
    }
    var folded = fold(piece);
    return searched.some(function (w) {
      return folded.indexOf(w) === 0 || (folded.length >= SHORTEN_MIN && w.indexOf(folded) === 0);
    }) ? "<mark>" + escape(piece) + "</mark>" : escape(piece);
  }).join("");
}

function sitePath(url) {
  var path = new URL(url, BASE).pathname;
  return path.indexOf(BASE.pathname) === 0 ? path.slice(BASE.pathname.length) : path.replace(/^\//, "");
}

function cleanTitle(title) {
  return String(title || "").replace(/\s*¶\s*$/, "");
}

function toGroup(data, score, terms, words) {
  var text = "<p>" + excerptHtml(data.content, data.locations) + "</p>";
  var page = { location: sitePath(data.url), title: markTitle(cleanTitle(data.meta && data.meta.title), words),
               text: text, score: score, terms: terms };
  var tags = data.meta && data.meta.tags;
  if (tags) {  /* shown as Material shows them, which writes them into the page as HTML */
    page.tags = String(tags).split("|").filter(Boolean).map(escapeText);
  }
  var sections = (data.sub_results || []).filter(function (sub) { return sub.url && sub.url.indexOf("#") !== -1; })
    .slice(0, SECTIONS).map(function (sub) {
      return { location: sitePath(sub.url), title: markTitle(cleanTitle(sub.title), words),
               text: "<p>" + excerptHtml(data.content, sub.locations) + "</p>", score: score * 0.99, terms: terms };
    });
  return [page].concat(sections);
}

/* A page as one result of Zensical's dialog: no sections (its list has no place for them under the
 * page), the words the page lacks where Material shows them, under the title. `kb` is the page itself,
 * which search-on-demand.js moves into the dialog's own list of pages (the dialog shows a result by its
 * place there) before the dialog sees the answer. */
function toZensicalItem(data, rank, marks, words) {
  var missing = Object.keys(marks).filter(function (term) { return !marks[term]; });
  return {
    id: -1, matches: [],
    kb: { location: new URL(sitePath(data.url), BASE).href,
          title: markTitle(cleanTitle(data.meta && data.meta.title), words, escapeMarkup),
          text: excerptHtml(data.content, data.locations, escapeMarkup),
          path: missing.length ? ["Mangler: " + missing.map(function (term) {
            return "<del>" + escapeMarkup(term) + "</del>";
          }).join(" ")] : [] }
  };
}

/* Where to look when nothing matched: the lists every case is on (Material's box shows this as a hint
 * under "Ingen resultater", kb.js; Zensical's list can only show results). */
var HINTS = [
  ["kommuner/", "Find casen efter kommune", "Prøv et kortere ord eller et andet ord for det samme – eller find casen efter kommune, kerneopgave eller tema."],
  ["kerneopgaver/", "Find casen efter kerneopgave", "Alle kerneopgaver og deres cases."],
  ["temaer/", "Find casen efter tema", "Alle temaer og deres cases."]
];

function hintItems() {
  return HINTS.map(function (hint) {
    return { id: -1, matches: [], kb: { location: new URL(hint[0], BASE).href, title: hint[1], text: hint[2], path: [] } };
  });
}

function termsOf(query) {
  return (query.toLowerCase().match(WORD) || []).filter(function (term) { return term.length > 0; });
}

/* Every page that matches `query`, best first, with the plan that found it. Kept for the last query,
 * whose next pages Zensical's dialog asks for as the reader scrolls. */
var lastRanking = null;
function ranking(query) {
  if (lastRanking && lastRanking.query === query) {
    return lastRanking.hits;
  }
  var terms = termsOf(query);
  var hits = engine().then(function (module) {
    var found = [], chain = Promise.resolve();
    terms.forEach(function (term) {
      chain = chain.then(function () {
        return Promise.all([inTurn(function () { return module.search(term); }), shard(term)]);
      }).then(function (pair) {
        found.push(variants(term, pair[1], Boolean(pair[0] && pair[0].results.length)));
      });
    });
    return chain.then(function () { return ranked(module, terms, found); });
  });
  lastRanking = { query: query, hits: hits };
  hits.catch(function () {
    if (lastRanking && lastRanking.hits === hits) {
      lastRanking = null;  /* a failed search is tried again the next time */
    }
  });
  return hits;
}

/* The hits from `from` on, `count` of them, each made into a result by `make(data, rank, marks, words)`. */
function resultsOf(terms, hits, from, count, make) {
  return Promise.all(hits.slice(from, from + count).map(function (hit, i) {
    return hit.result.data().then(function (data) {  /* fragments are plain fetches: in parallel */
      var marks = {};
      terms.forEach(function (term, t) { marks[term] = hit.plan.covers.indexOf(t) !== -1; });
      hit.plan.words.forEach(function (word) { marks[word] = true; });  /* the variant, marked on the page */
      return make(data, hits.length - from - i, marks, hit.plan.words);
    });
  }));
}

/* Material's search box: the best pages, each with its sections, and how many matched. */
function search(query) {
  var terms = termsOf(query);
  if (!terms.length) {
    /* Material sends the empty box first, then what the reader typed: answered at once, the empty
     * answer would show "Ingen resultater" until the real one comes. A moment's wait lets the next
     * query overtake it. */
    return new Promise(function (resolve) { setTimeout(resolve, EMPTY_WAIT_MS, { items: [] }); });
  }
  return ranking(query).then(function (hits) {
    return resultsOf(terms, hits, 0, SHOWN, function (data, score, marks, words) {
      return toGroup(data, score, marks, words);
    }).then(function (items) {
      return { items: items, total: hits.length };
    });
  });
}

/* What the reader typed in Zensical's dialog: a string, escaped (&, < and >) as the dialog keeps it,
 * or, with only tags chosen, an operator, which is no words. */
function zensicalInput(query) {
  var input = query && query.input;
  return typeof input === "string" ? input.replace(/&(amp|lt|gt);/g, function (entity) {
    return { "&amp;": "&", "&lt;": "<", "&gt;": ">" }[entity];
  }) : "";
}

/* Zensical's dialog: one page of results ({items, pagination}; `prev` tells it to add them to those
 * shown), or, when nothing matched, where to look instead: never no items for a box with text in it,
 * which the dialog shows as a search under way (scripts/zensical_engine.py). Tags to filter by are not
 * offered. */
function searchZensical(query) {
  var text = zensicalInput(query), terms = termsOf(text);
  var from = Math.max(0, (query && query.page && query.page.from) || 0);
  if (!terms.length) {
    return Promise.resolve({ items: text ? hintItems() : [], pagination: { total: 0 } });
  }
  return ranking(text).then(function (hits) {
    if (!hits.length) {
      return { items: hintItems(), pagination: { total: 0 } };
    }
    return resultsOf(terms, hits, from, PAGE_SIZE, toZensicalItem).then(function (items) {
      var pagination = { total: hits.length };
      if (from > 0) {
        pagination.prev = { id: text, size: PAGE_SIZE, from: Math.max(0, from - PAGE_SIZE) };
      }
      if (from + PAGE_SIZE < hits.length) {
        pagination.next = { id: text, size: PAGE_SIZE, from: from + PAGE_SIZE };
      }
      return { items: items, pagination: pagination };
    });
  });
}

/* Every page the plans find, best first: cases and other pages by score (cases count double), list pages last. */
function ranked(module, terms, found) {
  var done = [], chain = Promise.resolve();
  plans(terms, found).forEach(function (plan) {
    ["1", "2", "3"].forEach(function (rank) {
      chain = chain.then(function () {
        return inTurn(function () { return module.search(plan.words.join(" "), { filters: { rang: rank } }); });
      }).then(function (result) {
        done.push({ plan: plan, rank: rank, results: (result && result.results) || [] });
      });
    });
  });
  return chain.then(function () {
    var byId = {};
    done.forEach(function (run) {
      run.results.forEach(function (result) {
        var score = result.score * run.plan.weight;
        var seen = byId[result.id] || (byId[result.id] = { result: result, score: 0, rank: run.rank, plan: run.plan });
        seen.score = Math.max(seen.score, score);
        if (run.plan.covers.length > seen.plan.covers.length) {
          seen.plan = run.plan;  /* the words a page has: from the query that found the most of them */
        }
      });
    });
    return Object.keys(byId).map(function (id) { return byId[id]; }).sort(function (a, b) {
      var listA = a.rank === "3", listB = b.rank === "3";
      return listA !== listB ? (listA ? 1 : -1)
        : b.score * (RANK_WEIGHT[b.rank] || 1) - a.score * (RANK_WEIGHT[a.rank] || 1);
    });
  });
}

var latest = 0;
addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    /* Material sends this when the reader shows the intent to search, search-on-demand.js when
     * Zensical's dialog opens: load Pagefind and its Danish index's entry while they type. */
    engine().then(function (module) { return inTurn(function () { return module.init(); }); }).catch(function () {});
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    var asked = ++latest;
    var zensical = message.data !== null && typeof message.data === "object";  /* Material sends the text */
    (zensical ? searchZensical(message.data) : search(String(message.data || ""))).catch(function (error) {
      console.warn("Søgningen fejlede:", error);
      return zensical ? { items: hintItems(), pagination: { total: 0 } } : { items: [] };
    }).then(function (data) {
      if (asked === latest) {  /* an answer to an older query would replace the newer one's */
        postMessage({ type: RESULT, data: data });
      }
    });
  }
});
