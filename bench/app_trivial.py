"""The trivial Dash app of the floor: one callback that returns a string (``gunicorn bench.app_trivial:server``)."""

from dash import Dash, Input, Output, dcc, html

app = Dash(__name__, serve_locally=True, update_title=None)
app.layout = html.Div([dcc.Location(id="url", refresh=False), html.Div(id="ausgabe")])


@app.callback(Output("ausgabe", "children"), Input("url", "pathname"), Input("url", "search"))
def ausgabe(pfad, suche):
    return f"Hallo {pfad}{suche or ''}"


server = app.server
KOERPER = {
    "output": "ausgabe.children",
    "outputs": {"id": "ausgabe", "property": "children"},
    "inputs": [{"id": "url", "property": "pathname", "value": "/"},
               {"id": "url", "property": "search", "value": "?jahr=2026"}],
    "changedPropIds": ["url.pathname"],
    "state": [],
}
"""The POST body of its one callback (as the browser sends it)."""
