"""The bare one-graph Dash page the browser times are compared with (``gunicorn bench.app_eingraph:server``).

Built like our pages, only bare: a dcc.Location, a router callback that returns one dcc.Graph with a
grouped bar chart of 3 × 10 bars (the size of the cockpit's main chart), default Dash index, no CSS.
``/komponenten?n=N`` instead returns N plain ``html.Div`` (the renderer's cost per component, to compare
with our pages' component counts); ``/graphen?n=N`` returns N such graphs (the floor of a page that draws
N charts).
"""

import plotly.graph_objects as go
from dash import Dash, Input, Output, dcc, html

app = Dash(__name__, serve_locally=True, update_title="Wird aktualisiert …")
app.layout = html.Div([dcc.Location(id="url", refresh=False), html.Div(id="seite")])
GRAPH_ID = "eingraph"


def figur() -> go.Figure:
    """Three bar series over ten categories."""
    x = [f"Handlungsfeld {i}" for i in range(1, 11)]
    fig = go.Figure([go.Bar(name=n, x=x, y=[(i + 1) * k * 1e6 for i in range(10)])
                     for k, n in enumerate(("Ansatz", "Ist", "Prognose"), start=1)])
    fig.update_layout(barmode="group", height=420, margin={"l": 60, "r": 20, "t": 30, "b": 80})
    return fig


@app.callback(Output("seite", "children"), Input("url", "pathname"), Input("url", "search"))
def seite(pfad, suche):
    if pfad == "/komponenten":  # N plain html.Div: how the Dash renderer scales with the number of components
        n = int((suche or "?n=0").split("=", 1)[1])
        return html.Div([html.Div(f"Zeile {i}") for i in range(n)])
    if pfad == "/graphen":  # N bare graphs: what drawing N charts costs without anything else
        n = int((suche or "?n=1").split("=", 1)[1])
        return html.Div([dcc.Graph(id=f"{GRAPH_ID}-{i}", figure=figur()) for i in range(1, n + 1)])
    return dcc.Graph(id=GRAPH_ID, figure=figur())


server = app.server
