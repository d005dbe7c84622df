"""Complaint tickets (投诉工单): their sheet, their register and the ticket workflow."""
