"""The pilot stage: the plan of each pilot round (construction, scope, responsibilities, practical needs,
check-ins) and the indicators agreed before it starts (leaflet tips 8-11), plus the overview page of the
decide, pilot and evaluate areas together."""
