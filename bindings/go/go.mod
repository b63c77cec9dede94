module otaplan.example/otaplan

go 1.19
