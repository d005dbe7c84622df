"""The institution register (机构台账): its sheet, its register and detail pane."""
