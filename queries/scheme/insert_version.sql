-- Store one scheme version: every stored scheme table gets the rows of its `method_<table>` relation, which
-- kaohe.scheme.method_relations builds from the Scheme in memory (the same rows scoring reads).
-- grain: inserts; one row in schemes, the rest as many as the scheme has. parameters: none.
insert into schemes by name select * from method_schemes;
insert into scheme_dimensions by name select * from method_scheme_dimensions;
insert into scheme_components by name select * from method_scheme_components;
insert into indicators by name select * from method_indicators;
insert into targets by name select * from method_targets;
insert into ladder_steps by name select * from method_ladder_steps;
insert into indicator_levels by name select * from method_indicator_levels;
insert into adjustment_categories by name select * from method_adjustment_categories;
insert into adjustment_levels by name select * from method_adjustment_levels;
insert into grade_bands by name select * from method_grade_bands;
