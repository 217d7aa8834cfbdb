"""Vietnamese formats: day-first dates and grouped thousands.

Django's shipped ``vi`` formats parse 01/07/2025 as 7 January (US month-first defaults) and
set no thousands grouping; officers write dd/mm/yyyy and read 1.234.567.
"""

DATE_FORMAT = r"\n\gà\y d \t\há\n\g n \nă\m Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = r"H:i \n\gà\y d \t\há\n\g n \nă\m Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = r"\t\há\n\g n \nă\m Y"
MONTH_DAY_FORMAT = r"j \t\há\n\g n"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
