"""Who said what, in parts: the speech verbs of each language (generated, not listed), the cue
constructions built from them, the document view the rules share, speakers and anaphora, direct
quotes, and reported speech per language. `pipeline.analysis.statements.find_statements` runs them.
"""
