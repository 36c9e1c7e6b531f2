# MulLayer and AddLayer answer; Relu's forward never returns.


class MulLayer:
    def forward(self, x, y):
        return x * y


class AddLayer:
    def forward(self, x, y):
        return x + y


class Relu:
    def forward(self, x):
        while True:
            pass
