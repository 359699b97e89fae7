"""The findings report: the catalogue's answers per research question (`document`), written as
Markdown or files (`output`) and printed to PDF by a headless browser (`pdf`); the short answer
opening each question (`answers`), the sentences that restate each table (`sentences`), the tables'
headings and values in the reader's language (`columns`) and their stated order (`ordering`), their
sources (`citations`), cited on a row or once under the table (`table_sources`), Figures 1 and 2
drawn by Graphviz (`figures`) and Figure 3, the timeline of what the sources date (`timeline`).

May import: base, graph, sparql.
"""
