/* Casebiblioteket: Danish search that understands inflection.
 *
 * The search index holds Danish stems ("kommunerne" and "kommunen" are both
 * indexed as "kommun"). Material for MkDocs adds a trailing wildcard to every
 * query word so that search works while typing, and lunr does not stem a word
 * with a wildcard. This file is appended to lunr.da.min.js by the build, so
 * it runs in the search worker: it stems each wildcard word with lunr's own
 * Danish stemmer before the wildcard applies. "kommunerne*" becomes "kommun*",
 * which finds every form of the word and still completes half-typed words.
 */
(function () {
  "use strict";
  if (typeof lunr === "undefined" || !lunr.da || !lunr.QueryLexer || lunr.QueryLexer.kbStemmed) {
    return;
  }
  var run = lunr.QueryLexer.prototype.run;
  lunr.QueryLexer.prototype.run = function () {
    run.call(this);
    this.lexemes.forEach(function (lexeme) {
      if (lexeme.type !== lunr.QueryLexer.TERM) {
        return;
      }
      var match = /^([^*]+)\*$/.exec(lexeme.str);
      if (!match) {
        return;
      }
      var token = lunr.da.trimmer(new lunr.Token(match[1].toLowerCase(), {}));
      if (!token || !lunr.da.stopWordFilter(token)) {
        return;  /* a stop word: leave it to Material, which ignores it */
      }
      var stem = lunr.da.stemmer(token).toString();
      if (stem) {
        lexeme.str = stem + "*";
      }
    });
  };
  lunr.QueryLexer.kbStemmed = true;
})();

/* What readers actually type (issue 13): every query word is also tried
 *
 * - folded: "ae", "oe", "aa" as "æ", "ø", "å" ("velfaerd", "proeveballon"),
 *   and a single "o" or "a" as "ø" or "å" ("hjemlos");
 * - shorter, while typing: a half-typed word whose stem is not a prefix of
 *   the indexed stem ("kommunern" -> "kommuner" -> "kommun*");
 * - with one typo, for words of five letters or more, when nothing else
 *   matches ("Holstbro", "hjemlsøhed").
 *
 * A variant is added only when the index holds it, as an optional clause
 * with a lower boost, so exact matches still rank first. It runs on the
 * query after lunr has parsed it, in the search worker, so the same search
 * works on the hosted site and in the offline copy.
 */
(function () {
  "use strict";
  if (typeof lunr === "undefined" || !lunr.Index || !lunr.TokenSet || lunr.Index.kbExpanded) {
    return;
  }
  var FOLDS = [["ae", "æ"], ["oe", "ø"], ["aa", "å"]];
  var SINGLE = [["o", "ø"], ["a", "å"]];
  var OPTIONAL = lunr.Query.presence.OPTIONAL;

  function stem(word) {
    var token = lunr.da ? lunr.da.trimmer(new lunr.Token(word, {})) : new lunr.Token(word, {});
    if (!token || (lunr.da && !lunr.da.stopWordFilter(token))) {
      return null;
    }
    return (lunr.da ? lunr.da.stemmer(token) : token).toString() || null;
  }

  function has(index, term) {
    if (term.indexOf("*") === -1) {
      return Object.prototype.hasOwnProperty.call(index.invertedIndex, term);
    }
    return index.tokenSet.intersect(lunr.TokenSet.fromString(term)).toArray().length > 0;
  }

  function folded(word) {
    var all = word;
    FOLDS.forEach(function (pair) { all = all.split(pair[0]).join(pair[1]); });
    var out = all === word ? [] : [all];
    [word, all].forEach(function (base) {
      SINGLE.forEach(function (pair) {
        for (var at = base.indexOf(pair[0]); at !== -1 && out.length < 12; at = base.indexOf(pair[0], at + 1)) {
          out.push(base.slice(0, at) + pair[1] + base.slice(at + 1));
        }
      });
    });
    return out;
  }

  /* One insertion, deletion, substitution or swap of neighbours, as lunr's fuzzy match counts. */
  function oneEditApart(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) {
      return a === b;
    }
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) {
      i++;
    }
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1)
        || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function variants(index, term) {
    var wildcard = term.slice(-1) === "*";
    var word = wildcard ? term.slice(0, -1) : term;
    var suffix = wildcard ? "*" : "";
    if (word.length < 3 || /[*~^:+\-]/.test(word)) {
      return [];
    }
    var found = [];
    var add = function (candidate) {
      var stemmed = candidate && stem(candidate);
      if (stemmed && stemmed + suffix !== term && found.indexOf(stemmed + suffix) === -1
          && has(index, stemmed + suffix)) {
        found.push(stemmed + suffix);
      }
    };
    folded(word).forEach(add);
    if (has(index, term) || found.length) {
      return found.map(function (variant) { return {term: variant}; });
    }
    if (wildcard) {  /* half-typed: a shorter start of the word */
      for (var cut = 1; cut <= 2 && word.length - cut >= 4 && !found.length; cut++) {
        add(word.slice(0, -cut));
      }
    }
    if (!found.length && word.length >= 5) {  /* one typo */
      return [{term: word, editDistance: 1}];
    }
    return found.map(function (variant) { return {term: variant}; });
  }

  var query = lunr.Index.prototype.query;
  lunr.Index.prototype.query = function (build) {
    var index = this;
    var stands = [];  /* [word as typed, variant] */
    var results = query.call(this, function (q) {
      build.call(q, q);
      q.clauses.slice().forEach(function (clause) {
        if (clause.presence === lunr.Query.presence.PROHIBITED || clause.editDistance) {
          return;
        }
        variants(index, clause.term).forEach(function (variant) {
          stands.push([clause.term.replace(/\*$/, ""), variant.term.replace(/\*$/, ""), variant.editDistance]);
          var added = {
            term: variant.term, fields: clause.fields, boost: (clause.boost || 1) * 0.5,
            usePipeline: false, wildcard: lunr.Query.wildcard.NONE, presence: OPTIONAL,
          };
          if (variant.editDistance) {  /* lunr reads any editDistance key as a fuzzy term, '*' included */
            added.editDistance = variant.editDistance;
          }
          q.clause(added);
        });
      });
    });
    /* Material lists a typed word that matched nothing as missing ("Mangler: velfaerd"), comparing the
       words of the query with the matched terms. A word found through a variant is not missing: the
       variant's match is recorded under the typed word too. */
    results.forEach(function (result) {
      var metadata = result.matchData.metadata;
      var terms = Object.keys(metadata);
      stands.forEach(function (pair) {
        var typed = pair[0];
        if (terms.some(function (term) { return term.indexOf(typed) === 0; })) {
          return;
        }
        var found = terms.filter(function (term) {
          return pair[2] ? oneEditApart(pair[1], term) : term.indexOf(pair[1]) === 0;
        })[0];
        if (found) {
          metadata[typed] = metadata[found];
        }
      });
    });
    return results;
  };
  lunr.Index.kbExpanded = true;
})();
