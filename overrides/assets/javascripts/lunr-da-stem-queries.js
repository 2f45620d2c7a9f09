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
