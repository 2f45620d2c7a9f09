/* "Vis på skærm": a case or an exercise shown full-screen at a meeting, one screen at a time.
 *
 * The slides are made from the page's own rendered content, which the templates mark with
 * data-kb-present (scripts/render/templates/case.md.j2, exercise.md.j2):
 *   a case:      its title and *Kort fortalt* ("intro"), the key figures ("figures"), then each
 *                reflection question on a screen of its own ("questions");
 *   an exercise: its title and summary (.kb-lead), its purpose, time and group size ("facts"), then
 *                each of its questions.
 * Content is untrusted, so nothing here parses markup: questions and figures are copied as text
 * (textContent), and *Kort fortalt* as clones of the page's own, already sanitized, elements, without
 * their ids and with links turned into plain text (a slide is for looking at, not for clicking).
 *
 * The slides live in a modal <dialog>, which asks for full screen; where full screen is refused (a
 * browser without it, a test, a frame), the dialog fills the window instead. Arrow keys, Page Up/Down,
 * Space (Shift+Space back), Home and End move, a swipe sideways moves, Escape (or leaving full screen)
 * leaves, and the focus returns to the button. A polite live region says where the reader is
 * ("Spørgsmål 2 af 5"). The button is in the page's markup from the first paint; without JavaScript
 * no-js.css hides it, and this script hides it where the browser has no <dialog>.
 */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-kb-present-open]");
  if (!buttons.length) {
    return;
  }
  if (typeof HTMLDialogElement !== "function" || !("showModal" in HTMLDialogElement.prototype)) {
    buttons.forEach(function (button) { button.hidden = true; });
    return;
  }

  /* The exercise's facts shown on its second screen, in this order (the labels exercise.md.j2 writes). */
  var EXERCISE_FACTS = ["Tid", "Gruppestørrelse"];
  var SWIPE = 40;   /* px sideways, and more sideways than up or down, to count as a swipe */
  var FIT_STEPS = 7;  /* kb.css: data-kb-fit="0" (full size) to "6" (smallest) */

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function clean(text) {
    return (text || "").replace(/\s+/g, " ").trim();
  }

  /* An element's text without the headings' permalink (the "¶" after each heading). */
  function textOf(node) {
    if (!node) {
      return "";
    }
    var copy = node.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(function (link) { link.remove(); });
    return clean(copy.textContent);
  }

  /* A clone of the page's own (sanitized) content, fit for a slide: no ids (they would be twice on
     the page), no permalinks, and links as their text. */
  function cloneContent(node) {
    var copy = node.cloneNode(true);
    copy.removeAttribute("data-kb-present");
    [copy].concat(Array.prototype.slice.call(copy.querySelectorAll("*"))).forEach(function (part) {
      part.removeAttribute("id");
      part.removeAttribute("tabindex");
    });
    copy.querySelectorAll(".headerlink").forEach(function (link) { link.remove(); });
    copy.querySelectorAll("a").forEach(function (link) {
      var span = element("span");
      while (link.firstChild) {
        span.appendChild(link.firstChild);
      }
      link.replaceWith(span);
    });
    return copy;
  }

  /* The heading just before a section's text ("Kort fortalt"). */
  function headingBefore(node) {
    var before = node.previousElementSibling;
    return before && /^H[2-6]$/.test(before.tagName) ? textOf(before) : "";
  }

  function listItems(container) {
    if (!container) {
      return [];
    }
    return Array.prototype.slice.call(container.querySelectorAll("li")).map(textOf).filter(Boolean);
  }

  /* The facts box as [term, text] pairs. */
  function facts(container) {
    var pairs = [];
    if (!container) {
      return pairs;
    }
    container.querySelectorAll("dt").forEach(function (term) {
      var text = term.nextElementSibling;
      if (text && text.tagName === "DD") {
        pairs.push([textOf(term), textOf(text)]);
      }
    });
    return pairs;
  }

  /* Key figures: the figure is the term and what it measures its description ("Godt 30": "medarbejdere …").
     An exercise's facts (`labelled`): the label is the term and the value its description ("Tid": "60
     minutter"), as a screen reader should hear them; CSS shows the value, large, above its label. */
  function figureList(rows, labelled) {
    var list = element("dl", "kb-present__figures");
    rows.forEach(function (row) {
      var item = element("div", "kb-present__figure" + (labelled ? " kb-present__figure--labelled" : ""));
      item.appendChild(element("dt", labelled ? "kb-present__measure" : "kb-present__number", row[0]));
      item.appendChild(element("dd", labelled ? "kb-present__number" : "kb-present__measure", row[1]));
      list.appendChild(item);
    });
    return list;
  }

  /* Each slide: name (what the live region says after "Side 1 af 7: "), kicker (the small line over
     the heading), heading, body (an element or none) and, for a question, its number. */
  function slidesOf(article) {
    var slides = [];
    var title = textOf(article.querySelector("h1"));
    var isExercise = !!article.closest(".kb-exercise");
    var intro = article.querySelector("[data-kb-present=intro]");
    var lead = article.querySelector(".kb-lead");
    if (isExercise) {
      var body = element("div", "kb-present__prose md-typeset");
      if (lead) {
        body.appendChild(element("p", "", textOf(lead)));
      }
      slides.push({ name: "Øvelsen", kicker: "Øvelse", heading: title, body: body });
      var pairs = facts(article.querySelector("[data-kb-present=facts]"));
      var purpose = pairs.filter(function (pair) { return pair[0] === "Formål"; })[0];
      var shown = EXERCISE_FACTS.map(function (term) {
        return pairs.filter(function (pair) { return pair[0] === term; })[0];
      }).filter(Boolean);
      if (purpose || shown.length) {
        var about = element("div", "kb-present__prose md-typeset");
        if (purpose) {
          about.appendChild(element("p", "", purpose[1]));
        }
        if (shown.length) {
          about.appendChild(figureList(shown, true));
        }
        slides.push({ name: "Formål", kicker: title, heading: "Formål", body: about });
      }
    } else {
      var kicker = intro ? headingBefore(intro) || "Kort fortalt" : "Kort fortalt";
      var content = intro ? cloneContent(intro) : element("div", "", lead ? textOf(lead) : "");
      content.className = "kb-present__prose md-typeset";
      slides.push({ name: kicker, kicker: kicker, heading: title, body: content });
      var figures = article.querySelector("[data-kb-present=figures]");
      var rows = figures ? Array.prototype.slice.call(figures.querySelectorAll("tbody tr")).map(function (row) {
        var cells = row.querySelectorAll("td");
        return cells.length >= 2 ? [textOf(cells[0]), textOf(cells[1])] : null;
      }).filter(Boolean) : [];
      if (rows.length) {
        var name = figures ? headingBefore(figures) || "Nøgletal" : "Nøgletal";
        slides.push({ name: name, kicker: title, heading: name, body: figureList(rows) });
      }
    }
    var questions = listItems(article.querySelector("[data-kb-present=questions]"));
    questions.forEach(function (question, index) {
      var where = "Spørgsmål " + (index + 1) + " af " + questions.length;
      slides.push({ name: where, kicker: where, heading: question, body: null, question: true });
    });
    return slides;
  }

  function Presentation(button, article) {
    this.button = button;
    this.title = textOf(article.querySelector("h1"));
    this.slides = slidesOf(article);
    this.at = 0;
    this.build();
  }

  Presentation.prototype.build = function () {
    var self = this;
    var dialog = element("dialog", "kb-present");
    dialog.setAttribute("aria-label", "Vis på skærm: " + this.title);
    dialog.setAttribute("data-search-exclude", "");
    var stage = element("div", "kb-present__stage");
    stage.tabIndex = 0;  /* it scrolls when a slide is longer than the screen, so the keyboard can reach it */
    stage.setAttribute("role", "group");
    stage.setAttribute("aria-roledescription", "dias");
    var bar = element("div", "kb-present__bar");
    var where = element("p", "kb-present__where");
    var context = element("p", "kb-present__context", this.title);
    var previous = element("button", "kb-present__button", "Forrige");
    var next = element("button", "kb-present__button kb-present__button--primary", "Næste");
    var leave = element("button", "kb-present__button", "Afslut");
    [previous, next, leave].forEach(function (control) { control.type = "button"; });
    var controls = element("div", "kb-present__controls");
    [previous, next, leave].forEach(function (control) { controls.appendChild(control); });
    bar.appendChild(context);
    bar.appendChild(where);
    bar.appendChild(controls);
    /* Empty until the first slide is shown, so that a screen reader hears the first change too. */
    var live = element("p", "kb-present__live");
    live.setAttribute("aria-live", "polite");
    live.setAttribute("aria-atomic", "true");
    dialog.appendChild(stage);
    dialog.appendChild(bar);
    dialog.appendChild(live);
    this.dialog = dialog;
    this.stage = stage;
    this.where = where;
    this.live = live;
    this.previous = previous;
    this.next = next;

    previous.addEventListener("click", function () { self.go(self.at - 1); });
    next.addEventListener("click", function () { self.go(self.at + 1); });
    leave.addEventListener("click", function () { self.close(); });
    dialog.addEventListener("keydown", function (event) { self.key(event); });
    dialog.addEventListener("close", function () { self.closed(); });
    this.swipe(stage);
    this.onResize = function () { self.fit(); };
    this.onFullscreen = function () {
      if (self.fullscreen && !document.fullscreenElement) {
        self.fullscreen = false;
        self.close();  /* Escape in full screen leaves full screen; the presentation goes with it */
      } else {
        self.fit();
      }
    };
  };

  Presentation.prototype.open = function () {
    var self = this;
    document.body.appendChild(this.dialog);
    document.documentElement.classList.add("kb-presenting");
    this.dialog.showModal();
    this.show(0);
    this.stage.focus();
    window.addEventListener("resize", this.onResize);
    document.addEventListener("fullscreenchange", this.onFullscreen);
    var root = document.documentElement;
    if (root.requestFullscreen && document.fullscreenEnabled) {
      try {
        var asked = root.requestFullscreen({ navigationUI: "hide" });
        if (asked && asked.then) {
          asked.then(function () {
            self.fullscreen = self.dialog.open && !!document.fullscreenElement;
            if (!self.dialog.open && document.fullscreenElement) {
              document.exitFullscreen().catch(function () {});  /* closed before full screen came */
            }
          }, function () { /* refused: the dialog fills the window */ });
        }
      } catch (error) { /* an old browser that throws instead: the dialog fills the window */ }
    }
  };

  Presentation.prototype.close = function () {
    if (this.dialog.open) {
      this.dialog.close();
    }
  };

  /* After the dialog has closed, however it closed (Afslut, Escape, leaving full screen). */
  Presentation.prototype.closed = function () {
    window.removeEventListener("resize", this.onResize);
    document.removeEventListener("fullscreenchange", this.onFullscreen);
    document.documentElement.classList.remove("kb-presenting");
    if (document.fullscreenElement && document.exitFullscreen) {
      this.fullscreen = false;
      document.exitFullscreen().catch(function () {});
    }
    this.dialog.remove();
    this.button.focus();
  };

  Presentation.prototype.show = function (at) {
    var slide = this.slides[at];
    var count = this.slides.length;
    this.at = at;
    var view = element("div", "kb-present__slide" + (slide.question ? " kb-present__slide--question" : ""));
    if (slide.kicker) {
      view.appendChild(element("p", "kb-present__kicker", slide.kicker));
    }
    view.appendChild(element("h2", "kb-present__heading", slide.heading));
    if (slide.body) {
      view.appendChild(slide.body);
    }
    this.stage.textContent = "";
    this.stage.appendChild(view);
    this.stage.scrollTop = 0;
    var position = "Side " + (at + 1) + " af " + count;
    this.stage.setAttribute("aria-label", slide.question ? slide.name : position + ": " + slide.name);
    this.where.textContent = position;
    /* A question is said in full: a screen reader at the meeting hears what the room reads. */
    this.live.textContent = slide.question ? slide.name + ": " + slide.heading : position + ": " + slide.name;
    this.previous.setAttribute("aria-disabled", at === 0 ? "true" : "false");
    this.next.setAttribute("aria-disabled", at === count - 1 ? "true" : "false");
    this.fit();
  };

  Presentation.prototype.go = function (at) {
    if (at >= 0 && at < this.slides.length && at !== this.at) {
      this.show(at);
    }
  };

  /* Large type, as large as the screen allows: step down until the slide fits, or, at the smallest
     step, let the stage scroll. */
  Presentation.prototype.fit = function () {
    var stage = this.stage;
    for (var step = 0; step < FIT_STEPS; step += 1) {
      stage.setAttribute("data-kb-fit", String(step));
      if (stage.scrollHeight <= stage.clientHeight + 1 && stage.scrollWidth <= stage.clientWidth + 1) {
        return;
      }
    }
  };

  Presentation.prototype.key = function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var onButton = event.target.tagName === "BUTTON";
    var last = this.slides.length - 1;
    var to = null;
    switch (event.key) {
      case "ArrowRight":
      case "ArrowDown":
      case "PageDown":
        to = this.at + 1;
        break;
      case "ArrowLeft":
      case "ArrowUp":
      case "PageUp":
        to = this.at - 1;
        break;
      case " ":
      case "Spacebar":
        if (onButton) {
          return;  /* Space presses the button that has the focus (Forrige, Næste or Afslut) */
        }
        to = this.at + (event.shiftKey ? -1 : 1);
        break;
      case "Home":
        to = 0;
        break;
      case "End":
        to = last;
        break;
      default:
        return;  /* Escape: the dialog's own cancel closes it; Tab moves between its controls */
    }
    event.preventDefault();
    this.go(Math.max(0, Math.min(last, to)));
  };

  /* A swipe: pointer down, sideways, up (touch, pen or a mouse drag); left is on, right is back.
     The stage lets the browser scroll up and down (touch-action: pan-y in kb.css), not sideways. */
  Presentation.prototype.swipe = function (stage) {
    var self = this;
    var start = null;
    stage.addEventListener("pointerdown", function (event) {
      start = event.isPrimary ? { x: event.clientX, y: event.clientY, id: event.pointerId } : null;
    });
    stage.addEventListener("pointercancel", function () { start = null; });
    stage.addEventListener("pointerup", function (event) {
      if (!start || event.pointerId !== start.id) {
        return;
      }
      var dx = event.clientX - start.x;
      var dy = event.clientY - start.y;
      start = null;
      if (Math.abs(dx) >= SWIPE && Math.abs(dx) > Math.abs(dy)) {
        self.go(self.at + (dx < 0 ? 1 : -1));
      }
    });
  };

  buttons.forEach(function (button) {
    var article = button.closest(".kb-case");
    if (!article) {
      button.hidden = true;
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var presentation = new Presentation(button, article);
      if (presentation.slides.length) {
        presentation.open();
      }
    });
  });
})();
