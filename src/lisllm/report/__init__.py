"""The findings report: the catalogue's answers per research question (`document`), the sentences
that restate them (`sentences`), their sources (`citations`), Figures 1 and 2 drawn by Graphviz
(`figures`) and Figure 3, the timeline of what the sources date (`timeline`).

May import: base, graph, sparql.
"""
