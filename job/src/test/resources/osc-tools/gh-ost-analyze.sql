-- gh-ost master (145799ee, after v1.1.10; not in a release yet): --analyze-ghost-table-before-cutover
-- runs ANALYZE TABLE on the ghost right before the cut-over locks anything, and aborts the
-- migration if it fails. In --revert the "ghost" is `_t_del`, so it analyzes that.
-- Sources, master 145799ee: go/cmd/gh-ost/main.go (the flag); go/logic/migrator.go (cutOver,
-- analyzeGhostTableBeforeCutOver); go/logic/applier.go (AnalyzeGhostTable). Commit 2425722c.

-- @step analyze
analyze /* gh-ost */ table `osc`.`_t_gho`;
