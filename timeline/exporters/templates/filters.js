(function () {
  "use strict";
  var form = document.getElementById("filters");
  var actor = document.getElementById("filter-actor");
  var type = document.getElementById("filter-type");
  var text = document.getElementById("filter-text");
  var count = document.getElementById("filter-count");
  var noMatch = document.getElementById("no-match");
  var events = Array.prototype.slice.call(document.querySelectorAll("article.event"));
  var months = Array.prototype.slice.call(document.querySelectorAll("section.month"));
  var actorsOf = new Map(events.map(function (el) {
    return [el, JSON.parse(el.getAttribute("data-actors") || "[]")];
  }));

  function apply() {
    var wantActor = actor.value, wantType = type.value;
    var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    events.forEach(function (el) {
      var body = el.textContent.toLowerCase();
      var ok = (!wantActor || actorsOf.get(el).indexOf(wantActor) >= 0) &&
        (!wantType || el.getAttribute("data-type") === wantType) &&
        words.every(function (w) { return body.indexOf(w) >= 0; });
      el.hidden = !ok;
      if (ok) { shown += 1; }
    });
    months.forEach(function (section) {
      section.hidden = !section.querySelector("article.event:not([hidden])");
    });
    noMatch.hidden = shown > 0 || events.length === 0;
    count.textContent = shown + " of " + events.length + " events";
    var params = new URLSearchParams();
    if (wantActor) { params.set("actor", wantActor); }
    if (wantType) { params.set("type", wantType); }
    if (text.value) { params.set("q", text.value); }
    var query = params.toString();
    if (location.protocol !== "file:") {
      history.replaceState(null, "", (query ? "?" + query : location.pathname) + location.hash);
    }
  }

  // A calendar subscription needs an absolute webcal:// URL; derive it from where the page is served.
  var webcal = document.getElementById("webcal");
  var ics = webcal.getAttribute("data-ics");
  if (ics && /^https?:$/.test(location.protocol)) {
    webcal.href = new URL(ics, location.href).href.replace(/^https?:/, "webcal:");
  }

  var initial = new URLSearchParams(location.search);
  actor.value = initial.get("actor") || "";
  type.value = initial.get("type") || "";
  text.value = initial.get("q") || "";
  [actor, type].forEach(function (el) { el.addEventListener("change", apply); });
  text.addEventListener("input", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.hidden = false;
  apply();
})();
