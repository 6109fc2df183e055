// Plotly's SVG maps (geo: Choropleth, Scattergeo) fetch a world map (topojson) from a CDN before they draw
// anything – also when, as here, no land, coast or border is shown and the districts bring their own shapes
// (GeoJSON). An empty world map, known in advance, lets them draw offline and without the request.
// Plotly keeps an existing window.PlotlyGeoAssets when it registers its maps; this file runs before that.
(function () {
  var leer = {type: "Topology", objects: {}, arcs: []};
  window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};
  window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};
  ["world_110m", "world_50m"].forEach(function (name) {
    if (!window.PlotlyGeoAssets.topojson[name]) { window.PlotlyGeoAssets.topojson[name] = leer; }
  });
})();
