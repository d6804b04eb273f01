"""The theme's icons as a small script: the few Font Awesome solid icons the pages show, as inline SVG.

pydata-sphinx-theme loads the whole Font Awesome bundle on every page (about 530 KB
gzipped) to draw about fifteen icons. :func:`write_icons` copies those icons' outlines out
of the bundle the theme ships (so they match it exactly) into a script of a few kilobytes
that replaces each ``<i class="fa-solid fa-NAME">`` (or ``<span>``) with the same drawing as an ``<svg>``,
keeping its classes and attributes (the colour-mode button shows one icon per mode by them).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

__all__ = ["ICONS", "ICONS_NAME", "theme_bundle", "solid_icons", "write_icons"]

#: Every icon the theme's templates, Jupyter Book's buttons and the book's pages use.
ICONS = ("angle-left", "angle-right", "arrow-up", "bars", "circle-half-stroke", "download", "expand", "file",
         "file-pdf", "list", "magnifying-glass", "moon", "outdent", "sun")
ICONS_NAME = "icons.js"
# Font Awesome 6's bundle defines each icon set in turn and registers it: define("fas", icons)
_SET_END = re.compile(r'\w+\("(fa[a-z])",\w+\)')
_ICON = re.compile(r'(?:"([a-z0-9-]+)"|([a-z0-9]+)):\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","([^"]+)"\]')
_SCRIPT = """/* The book's icons: Font Awesome Free {version} solid icons, CC BY 4.0, https://fontawesome.com/license/free.
   Copied from pydata-sphinx-theme's bundle by counterbalance.pipeline.icons; each <i> or <span class="fa-solid fa-NAME"> is drawn as inline SVG, so the icon font is never fetched. */
(function(){{var icons={icons};
function draw(root){{root.querySelectorAll('i[class*="fa-"],span[class*="fa-"]').forEach(function(i){{var name=null;
i.classList.forEach(function(c){{if(icons[c.slice(3)]&&c.indexOf('fa-')===0)name=c.slice(3)}});if(!name)return;var d=icons[name];
var svg=document.createElementNS('http://www.w3.org/2000/svg','svg');for(var k=0;k<i.attributes.length;k++){{var a=i.attributes[k];svg.setAttribute(a.name,a.value)}}
svg.setAttribute('class',(i.getAttribute('class')||'')+' svg-inline--fa');svg.setAttribute('viewBox','0 0 '+d[0]+' '+d[1]);svg.setAttribute('aria-hidden','true');svg.setAttribute('focusable','false');
var path=document.createElementNS('http://www.w3.org/2000/svg','path');path.setAttribute('fill','currentColor');path.setAttribute('d',d[2]);svg.appendChild(path);i.replaceWith(svg)}})}}
var style=document.createElement('style');style.textContent='.svg-inline--fa{{display:inline-block;height:1em;overflow:visible;vertical-align:-.125em;box-sizing:content-box}}.svg-inline--fa.fa-lg{{vertical-align:-.2em}}.fa-lg{{font-size:1.25em;line-height:.05em}}';
document.head.appendChild(style);if(document.readyState==='loading'){{document.addEventListener('DOMContentLoaded',function(){{draw(document)}})}}else{{draw(document)}}}})();
"""


def theme_bundle() -> Path:
    """The Font Awesome bundle pydata-sphinx-theme ships."""
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "scripts" / "fontawesome.js"


def solid_icons(bundle_text: str, names=ICONS) -> dict[str, list]:
    """The solid set's outlines of `names` in a Font Awesome 6 bundle, as ``[width, height, path]``.

    Raises
    ------
    KeyError
        If one of `names` is not a solid icon of the bundle (the theme changed its icons).

    Examples
    --------
    >>> text = 'a={bars:[448,512,[],"f0c9","M0 9z"]};d("far",a);b={bars:[448,512,[],"f0c9","M1 1z"]};d("fas",b)'
    >>> solid_icons(text, ["bars"])
    {'bars': [448, 512, 'M1 1z']}
    """
    start, solid = 0, {}
    for end in _SET_END.finditer(bundle_text):
        if end.group(1) == "fas":
            for icon in _ICON.finditer(bundle_text, start, end.start()):
                solid.setdefault(icon.group(1) or icon.group(2), [int(icon.group(3)), int(icon.group(4)), icon.group(5)])
        start = end.end()
    missing = [name for name in names if name not in solid]
    if missing:
        raise KeyError(f"not solid icons of the theme's Font Awesome bundle: {', '.join(missing)}")
    return {name: solid[name] for name in sorted(names)}


def write_icons(destination: Path, bundle: Path | None = None) -> Path:
    """Write the icon script to `destination` (through a partial file: a kill never leaves half of it)."""
    text = Path(bundle or theme_bundle()).read_text(encoding="utf-8")
    version = re.search(r"Font Awesome Free (\d+\.\d+\.\d+)", text)
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.write_text(_SCRIPT.format(version=version.group(1) if version else "6",
                                      icons=json.dumps(solid_icons(text), separators=(",", ":"))), encoding="utf-8")
    os.replace(partial, destination)
    return destination
