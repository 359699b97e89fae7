"""The findings report: the catalogue's answers per research question (`document`), the sentences
that restate them (`sentences`), their sources (`citations`), and Figures 1 and 2 drawn by
Graphviz (`figures`).

May import: base, graph, sparql.
"""
