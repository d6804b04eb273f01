/* Counterbalance: the version switcher's links and the banner on older versions.
 *
 * pydata-sphinx-theme resolves the switcher's entries against the current page, which breaks
 * relative URLs on pages below the version's root. Here every link is resolved against the
 * site root instead (the folder holding the versions and latest/, whose versions.json lists
 * them), so the published site works under any host path and offline. Pages of an unversioned
 * build carry no switcher: nothing happens.
 */
function counterbalanceVersions() {
  "use strict";
  // a top-level const of Sphinx's, so not a property of window
  var options = typeof DOCUMENTATION_OPTIONS === "undefined" ? {} : DOCUMENTATION_OPTIONS;
  var current = options.theme_switcher_version_match;
  if (!current) return;
  var versionRoot = new URL(document.documentElement.dataset.content_root || "./", window.location.href);
  var siteRoot = new URL("../", versionRoot);
  var page = window.location.pathname.slice(versionRoot.pathname.length) || "index.html";
  var entries = null;

  function samePage(entry) { return new URL(entry.url + page, siteRoot).href; }

  function fix(anchor) {
    var entry = entries && entries[anchor.dataset.version];
    if (entry) anchor.setAttribute("href", samePage(entry));
  }

  function banner(latest) {
    if (latest.version === current) return;
    var note = document.createElement("div");
    note.className = "cb-version-banner";
    note.setAttribute("role", "note");
    note.appendChild(document.createTextNode("You are reading " + current + ", an earlier version of this report. "));
    var link = document.createElement("a");
    link.href = samePage(latest);
    link.textContent = "Read this page in the latest version, " + latest.version + ".";
    note.appendChild(link);
    var article = document.querySelector(".bd-article") || document.body;
    article.insertBefore(note, article.firstChild);
  }

  fetch(new URL("latest/versions.json", siteRoot))
    .then(function (response) { return response.json(); })
    .then(function (data) {
      entries = {};
      data.forEach(function (entry) { entries[entry.version] = entry; });
      document.querySelectorAll(".version-switcher__menu").forEach(function (menu) {
        menu.querySelectorAll("a").forEach(fix);
        new MutationObserver(function () { menu.querySelectorAll("a").forEach(fix); })
          .observe(menu, { childList: true });
      });
      var latest = data.filter(function (entry) { return entry.preferred; })[0];
      if (latest) banner(latest);
    })
    .catch(function (error) { console.warn("versions.json could not be read:", error); });
}
// the theme declares the switcher's settings in a script after this one: wait for the page
document.addEventListener("DOMContentLoaded", counterbalanceVersions);
