class MulLayer:
    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x


class AddLayer:
    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout, dout


if __name__ == '__main__':
    m1, m2 = MulLayer(), MulLayer()
    total = m2.forward(m1.forward(100, 2), 1.1)
    print("total", total)
    print(m1.backward(m2.backward(1)[0]))
