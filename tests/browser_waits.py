"""Waits shared by the browser tests."""

# Resolves once the network graph's node positions stop changing (or after ten seconds): on a loaded
# machine the graph may still be fitted to its box when a test wants to click on it.
_GRAPH_SETTLED = """() => new Promise(resolve => {
    const at = () => JSON.stringify(window.wirecoderNetwork.nodes().map(n => n.renderedPosition()));
    let last = at(), tries = 0;
    const check = () => { const now = at(); if (now === last || ++tries > 40) resolve(); else { last = now; setTimeout(check, 250); } };
    setTimeout(check, 250);
})"""


def wait_for_graph_to_settle(page) -> None:
    page.evaluate(_GRAPH_SETTLED)
