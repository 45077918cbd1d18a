print("snapwriter")
